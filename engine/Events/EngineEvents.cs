using QueueEngine.Domain;

namespace QueueEngine.Events;

// The events of QUEUE-SPEC §5, published on the ActorSystem's EventStream. The host turns them
// into server-sent events for the owning client; tests and the simulator record them.

public abstract record EngineEvent(DateTimeOffset Time)
{
    /// <summary>The wire name, e.g. <c>dial-in</c>.</summary>
    public abstract string Name { get; }
}

/// <summary>An event about one caller of one queue.</summary>
public abstract record CallEvent(DateTimeOffset Time, long ExtensionId, string CallId) : EngineEvent(Time);

public sealed record DialIn(DateTimeOffset Time, long ExtensionId, string CallId, string CallerNumber, string? CallerName)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "dial-in";
}

public sealed record Offer(DateTimeOffset Time, long ExtensionId, string CallId, string LegId, AgentKey Agent)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "offer";
}

public enum OfferFailure { Busy, NoAnswer, Reject, Failed }

public sealed record OfferFailed(DateTimeOffset Time, long ExtensionId, string CallId, string LegId, AgentKey Agent, OfferFailure Reason)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "offer-failed";
}

public sealed record Answer(DateTimeOffset Time, long ExtensionId, string CallId, string LegId, AgentKey Agent, int WaitSeconds)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "answer";
}

/// <summary>Why a caller's time in the queue ended (QUEUE-SPEC §2.10, plus <c>completed</c>).</summary>
public enum HangupReason { Completed, Timeout, NoAgentTimeout, NoAgentsOnEntry, ExitKey, Abandoned }

/// <summary>What was done with the caller at the end.</summary>
public enum EndAction { Hangup, Transfer, Voicemail }

/// <summary>The caller's end: exactly one per caller that reached the queue.</summary>
public sealed record CallerHangup(
    DateTimeOffset Time, long ExtensionId, string CallId, HangupReason Reason, EndAction Action,
    int WaitSeconds, AgentKey? Agent, int TalkSeconds)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "hangup";
}

public sealed record QualityRate(DateTimeOffset Time, long ExtensionId, string CallId, AgentKey Agent, int Rating)
    : CallEvent(Time, ExtensionId, CallId)
{
    public override string Name => "quality-rate";
}

public sealed record AgentLogin(DateTimeOffset Time, AgentKey Agent) : EngineEvent(Time)
{
    public override string Name => "agent-login";
}

public sealed record AgentLogout(DateTimeOffset Time, AgentKey Agent) : EngineEvent(Time)
{
    public override string Name => "agent-logout";
}

/// <summary>
/// An agent's live state after a change (not one of the §5 events: it feeds the agents-by-state
/// metric and is not streamed to clients). Published on the EventStream only.
/// </summary>
public sealed record AgentStateReported(DateTimeOffset Time, AgentKey Agent, Agents.AgentLiveState Live, bool LoggedIn, bool Deleted)
    : EngineEvent(Time)
{
    public override string Name => "agent-state";
}

public sealed record QueueStatusChanged(DateTimeOffset Time, long ExtensionId, int Waiting, int Trying, int Answered)
    : EngineEvent(Time)
{
    public override string Name => "queue-status";
}

public static class EventWireNames
{
    public static string ToWire(this HangupReason r) => r switch
    {
        HangupReason.Completed => "completed",
        HangupReason.Timeout => "timeout",
        HangupReason.NoAgentTimeout => "no_agent_timeout",
        HangupReason.NoAgentsOnEntry => "no_agents_on_entry",
        HangupReason.ExitKey => "exit_key",
        _ => "abandoned",
    };

    public static string ToWire(this EndAction a) => a switch
    {
        EndAction.Transfer => "transfer",
        EndAction.Voicemail => "voicemail",
        _ => "hangup",
    };

    public static string ToWire(this OfferFailure f) => f switch
    {
        OfferFailure.Busy => "busy",
        OfferFailure.NoAnswer => "no_answer",
        OfferFailure.Reject => "reject",
        _ => "failed",
    };
}
