using QueueEngine.Domain;
using QueueEngine.Gateway;

namespace QueueEngine.Agents;

/// <summary>A message addressed to one agent's actor.</summary>
public interface IWithAgentKey
{
    AgentKey Agent { get; }
}

/// <summary>The agent protocol: commands the agent actor accepts.</summary>
public interface IAgentCommand : IWithAgentKey;

/// <summary>What an agent is doing right now (QUEUE-SPEC §4).</summary>
/// <remarks>The spec's <c>reserved</c> and <c>ringing</c> are one state here: a reservation and its ring command are one step.</remarks>
public enum AgentLiveState { Idle, Ringing, InCall, WrapUp, Delayed }

/// <summary>
/// The agent's state as it tells its queues. <see cref="LoggedIn"/> is the effective status
/// (a logout during a call takes effect when the call ends).
/// </summary>
public sealed record AgentSnapshot(
    AgentKey Agent,
    bool LoggedIn,
    AgentLiveState Live,
    bool InExternalCall,
    bool Deleted,
    long IdleSinceTicks,
    int AnsweredCalls,
    long TalkSeconds)
{
    /// <summary>May a queue offer this agent a call (the queue's own view, confirmed by reservation)?</summary>
    public bool IsEligible(bool skipBusyAgents) =>
        LoggedIn && !Deleted && Live == AgentLiveState.Idle && !(skipBusyAgents && InExternalCall);
}

/// <summary>Create or update the agent (its whole settings). Replies <see cref="AgentConfigured"/>.</summary>
public sealed record ConfigureAgent(AgentKey Agent, AgentSettings Settings) : IAgentCommand;

public sealed record AgentConfigured(AgentKey Agent, AgentSettings Settings);

/// <summary>
/// Delete the agent: it takes no further offers, a call it is in continues. With
/// <see cref="RemoveFromQueues"/> it also leaves every queue. Replies <see cref="AgentDeleted"/>.
/// </summary>
public sealed record DeleteAgent(AgentKey Agent, bool RemoveFromQueues) : IAgentCommand;

public sealed record AgentDeleted(AgentKey Agent);

/// <summary>A queue made the agent a member (sent by the queue).</summary>
public sealed record JoinedQueue(AgentKey Agent, long QueueId) : IAgentCommand;

/// <summary>A queue removed the agent (sent by the queue).</summary>
public sealed record LeftQueue(AgentKey Agent, long QueueId) : IAgentCommand;

/// <summary>
/// A queue asks the agent to reserve itself for one leg. The agent answers the sender with
/// <see cref="OfferAccepted"/> or <see cref="OfferRefused"/>; it is the only authority on offers.
/// </summary>
public sealed record ReserveAgent(AgentKey Agent, long QueueId, string CallId, string LegId, bool SkipBusyAgents) : IAgentCommand;

/// <summary>What the queue needs to ring the agent it reserved.</summary>
public sealed record OfferAccepted(
    AgentKey Agent, string LegId, long? ExtensionId, string? Number, string? ExtraParams, int TimeoutSeconds, long? AgentSoundId);

public sealed record OfferRefused(AgentKey Agent, string LegId, AgentSnapshot Snapshot);

/// <summary>How a leg the agent was reserved for ended (from the queue's side).</summary>
public enum LegResult { Answered, Busy, Rejected, NoAnswer, Failed, Cancelled }

/// <summary>The leg the agent was reserved for was answered, failed or was cancelled.</summary>
/// <remarks>The agent always answers with its state to <see cref="QueueId"/>, even for a leg it no longer holds,
/// so the queue's view of it never waits for news that will not come.</remarks>
public sealed record LegOutcome(AgentKey Agent, long QueueId, string LegId, LegResult Result) : IAgentCommand;

/// <summary>The queue call the agent was in ended; wrap-up starts now.</summary>
public sealed record QueueCallEnded(AgentKey Agent, string LegId) : IAgentCommand;

/// <summary>A non-queue call of the agent started or ended (from the gateway).</summary>
public sealed record SetExternalCall(AgentKey Agent, bool InCall) : IAgentCommand;

/// <summary>Query: replies <see cref="AgentState"/>.</summary>
public sealed record GetAgentState(AgentKey Agent) : IAgentCommand;

public sealed record AgentState(
    AgentKey Agent, bool Exists, AgentSettings? Settings, AgentSnapshot Snapshot, IReadOnlyList<long> Queues, string? OfferedLeg);
