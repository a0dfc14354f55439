using QueueEngine.Domain;

namespace QueueEngine.Host.Storage;

/// <summary>A tenant. Only the hash of its API key is kept.</summary>
public sealed record ClientRecord(long Id, string Name, string CreateDate);

public static class ExtensionTypes
{
    public const string Phone = "phone";
    public const string Queue = "queue";
}

/// <summary>An extension of a client (QUEUE-SPEC §1.5); <see cref="Type"/> is <c>phone</c> or <c>queue</c>.</summary>
public sealed record ExtensionRecord(
    long Id, long ClientId, string Name, string? Label, string Type, string? CallerIdName, string? ExtraParams, string CreateDate)
{
    public bool IsQueue => Type == ExtensionTypes.Queue;
    public bool IsPhone => Type == ExtensionTypes.Phone;
}

/// <summary>An agent: local and remote agents share one id sequence, so an id alone names one agent.</summary>
public sealed record AgentRecord(long Id, long ClientId, AgentKind Kind, AgentSettings Settings)
{
    public AgentKey Key => new(Kind, Id);
}

/// <summary>An agent's place in a queue.</summary>
public sealed record MembershipRecord(long QueueId, AgentKind Kind, long AgentId, int Level, int Position)
{
    public Membership ToMembership() => new(new AgentKey(Kind, AgentId), Level, Position);
}

/// <summary>An uploaded sound; the audio is the file <see cref="FileName"/> in the sounds directory.</summary>
public sealed record SoundRecord(long Id, long ClientId, string Name, string FileName, long DurationSeconds, long SizeBytes, string CreateDate);

/// <summary>A queue and its client, for loading every queue into the engine.</summary>
public sealed record QueueRecord(long ExtensionId, long ClientId, QueueSettings Settings);
