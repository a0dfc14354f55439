using QueueEngine.Domain;

namespace QueueEngine.Gateway;

// The gateway protocol of QUEUE-SPEC §6 as C# messages. The engine never touches audio: it sends
// commands out and receives events in. Names are the wire names of the spec.

/// <summary>An event from the telephony side (gateway → engine).</summary>
public interface IGatewayEvent
{
    string Name { get; }
}

/// <summary>A gateway event about one caller's channel.</summary>
public interface ICallEvent : IGatewayEvent
{
    string CallId { get; }
}

public sealed record CallEntered(string CallId, long ExtensionId, string CallerNumber, string? CallerName) : ICallEvent
{
    public string Name => "call.entered";
}

public sealed record CallDtmf(string CallId, string Digit) : ICallEvent
{
    public string Name => "call.dtmf";
}

public sealed record CallHangup(string CallId) : ICallEvent
{
    public string Name => "call.hangup";
}

public sealed record PlaybackFinished(string CallId, string PlaybackId) : ICallEvent
{
    public string Name => "playback.finished";
}

public enum LegEventKind { Answered, Busy, Rejected, NoAnswer, Failed, Hangup }

/// <summary><c>leg.answered | leg.busy | leg.rejected | leg.no_answer | leg.failed | leg.hangup</c>.</summary>
public sealed record LegEvent(string CallId, string LegId, LegEventKind Kind) : ICallEvent
{
    public string Name => Kind switch
    {
        LegEventKind.Answered => "leg.answered",
        LegEventKind.Busy => "leg.busy",
        LegEventKind.Rejected => "leg.rejected",
        LegEventKind.NoAnswer => "leg.no_answer",
        LegEventKind.Failed => "leg.failed",
        _ => "leg.hangup",
    };
}

public sealed record DigitsCollected(string CallId, string RequestId, string Digits) : ICallEvent
{
    public string Name => "digits.collected";
}

/// <summary><c>agent.external_call_started | agent.external_call_ended</c>: a non-queue call of an agent.</summary>
public sealed record AgentExternalCall(AgentKey Agent, bool Started) : IGatewayEvent
{
    public string Name => Started ? "agent.external_call_started" : "agent.external_call_ended";
}

/// <summary>A command to the telephony side (engine → gateway), always about one caller's channel.</summary>
public interface IGatewayCommand
{
    string Name { get; }
    string CallId { get; }
}

public enum PlayTarget { Caller, Agent, Both }

/// <summary>Built-in tones a <see cref="Play"/> may use instead of a sound.</summary>
public static class Tones
{
    /// <summary>The gateway's default hold music (queue <c>sound</c> is null).</summary>
    public const string Music = "music";
    /// <summary>Ringback tone (queue <c>sound_type</c> = ring).</summary>
    public const string Ringback = "ringback";
}

/// <summary>
/// Play a sound or tone. A non-looping play has a <see cref="PlaybackId"/> and the gateway reports
/// <c>playback.finished</c> for it. Commands for one call are executed by the gateway in order;
/// <see cref="StopPlayback"/> stops what plays and drops the plays queued behind it.
/// </summary>
public sealed record Play(string CallId, string? PlaybackId, long? SoundId, string? Tone, PlayTarget To, bool Loop) : IGatewayCommand
{
    public string Name => "play";
}

public sealed record StopPlayback(string CallId) : IGatewayCommand
{
    public string Name => "stop_playback";
}

public sealed record SayPosition(string CallId, int Position) : IGatewayCommand
{
    public string Name => "say_position";
}

public sealed record SayNumber(string CallId, string LegId, long Number) : IGatewayCommand
{
    public string Name => "say_number";
}

public sealed record Ring(
    string CallId, string LegId, AgentKind AgentKind, long AgentId, long? ExtensionId, string? Number,
    int TimeoutSeconds, string CallerNumber, string? CallerName, string? ExtraParams) : IGatewayCommand
{
    public string Name => "ring";
    public AgentKey Agent => new(AgentKind, AgentId);
}

public sealed record CancelRing(string CallId, string LegId) : IGatewayCommand
{
    public string Name => "cancel_ring";
}

public sealed record Bridge(string CallId, string LegId) : IGatewayCommand
{
    public string Name => "bridge";
}

public sealed record Record(string CallId, string LegId) : IGatewayCommand
{
    public string Name => "record";
}

public sealed record Transfer(string CallId, string Destination, string? CallerName) : IGatewayCommand
{
    public string Name => "transfer";
}

public sealed record Voicemail(string CallId, long? GreetingSoundId, string? Mailto, bool AttachFile) : IGatewayCommand
{
    public string Name => "voicemail";
}

public sealed record CollectDigits(string CallId, string RequestId, long? PromptSoundId, int MaxDigit, int TimeoutSeconds) : IGatewayCommand
{
    public string Name => "collect_digits";
}

public sealed record Hangup(string CallId) : IGatewayCommand
{
    public string Name => "hangup";
}
