using System.Collections.Concurrent;

namespace QueueEngine.Host.Storage;

/// <summary>
/// Which client owns an extension or an agent, for routing engine events to the client's event
/// stream. Ids are never reused and never change owner, so an answer found once holds forever and
/// is cached; a miss (not found, or deleted) asks the store again next time.
/// </summary>
public sealed class TenantDirectory(ConfigStore store)
{
    private readonly ConcurrentDictionary<long, long> _extensions = new();
    private readonly ConcurrentDictionary<long, long> _agents = new();

    public long? ClientOfExtension(long extensionId)
    {
        if (_extensions.TryGetValue(extensionId, out var client)) return client;
        if (store.Read(s => s.FindExtension(extensionId)) is not { } extension) return null;
        return _extensions[extensionId] = extension.ClientId;
    }

    /// <summary>Local and remote agents share one id sequence, so the id alone names the agent.</summary>
    public long? ClientOfAgent(long agentId)
    {
        if (_agents.TryGetValue(agentId, out var client)) return client;
        if (store.Read(s => s.FindAgent(agentId)) is not { } agent) return null;
        return _agents[agentId] = agent.ClientId;
    }
}
