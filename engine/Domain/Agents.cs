namespace QueueEngine.Domain;

public enum AgentKind { Local, Remote }

public enum AgentStatus { Available, LoggedOut }

/// <summary>
/// An agent's identity: local and remote agents have separate id spaces (QUEUE-SPEC §1.3/§1.4),
/// so the kind is part of the key. Ordered by id, then kind, which is the spec's final tie-break.
/// </summary>
public readonly record struct AgentKey(AgentKind Kind, long Id) : IComparable<AgentKey>
{
    public int CompareTo(AgentKey other)
    {
        var byId = Id.CompareTo(other.Id);
        return byId != 0 ? byId : ((int)Kind).CompareTo((int)other.Kind); // (int): Enum.CompareTo would box
    }

    /// <summary>The entity id used to address the agent's actor, e.g. <c>local-7</c>.</summary>
    public string EntityId => Kind == AgentKind.Local ? $"local-{Id}" : $"remote-{Id}";

    public override string ToString() => EntityId;

    public static AgentKey Local(long id) => new(AgentKind.Local, id);
    public static AgentKey Remote(long id) => new(AgentKind.Remote, id);

    public static bool TryParse(string entityId, out AgentKey key)
    {
        key = default;
        var dash = entityId.IndexOf('-');
        if (dash <= 0 || !long.TryParse(entityId.AsSpan(dash + 1), out var id)) return false;
        switch (entityId[..dash])
        {
            case "local": key = Local(id); return true;
            case "remote": key = Remote(id); return true;
            default: return false;
        }
    }
}

/// <summary>
/// An agent's configuration: the fields of QUEUE-SPEC §1.3. <see cref="ExtensionId"/> is set for
/// local agents, <see cref="Number"/> for remote ones. A <see cref="CallTimeout"/> of 0 means the
/// engine default.
/// </summary>
public sealed record AgentSettings
{
    public string? Name { get; init; }
    public long? ExtensionId { get; init; }
    public string? Number { get; init; }
    public AgentStatus Status { get; init; } = AgentStatus.Available;
    public int CallTimeout { get; init; }
    public int WrapUpTime { get; init; }
    public int BusyDelayTime { get; init; }
    public int NoAnswerDelayTime { get; init; }
    public int RejectDelayTime { get; init; }
    public string? ExtraParams { get; init; }
    public long? AgentSoundId { get; init; }
}

/// <summary>An agent's place in one queue (QUEUE-SPEC §1.4).</summary>
public readonly record struct Membership(AgentKey Agent, int Level, int Position);
