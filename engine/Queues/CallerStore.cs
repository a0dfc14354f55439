using System.Collections.Concurrent;

namespace QueueEngine.Queues;

/// <summary>What must survive a crash of the host for a caller still in a queue.</summary>
public sealed record StoredCaller(string CallId, string CallerNumber, string? CallerName, DateTimeOffset EnteredAt);

/// <summary>
/// Keeps the callers that are in a queue (not yet answered or gone) so that a restarted queue
/// can take them back in the same order with their original entry times. Called from the queue
/// actor; implementations must be cheap per call (the host's writes to disk in batches).
/// </summary>
public interface ICallerStore
{
    /// <summary>The queue's stored callers in entry order.</summary>
    IReadOnlyList<StoredCaller> Load(long queueId);

    void Entered(long queueId, StoredCaller caller);

    /// <summary>The caller was answered or left: it needs no recovery any more.</summary>
    void Left(long queueId, string callId);
}

/// <summary>No recovery: simulations, and hosts that do not keep callers.</summary>
public sealed class NoCallerStore : ICallerStore
{
    public static readonly NoCallerStore Instance = new();

    public IReadOnlyList<StoredCaller> Load(long queueId) => [];
    public void Entered(long queueId, StoredCaller caller) { }
    public void Left(long queueId, string callId) { }
}

/// <summary>Keeps callers in memory, across ActorSystems in one process (tests of recovery).</summary>
public sealed class InMemoryCallerStore : ICallerStore
{
    private readonly ConcurrentDictionary<long, List<StoredCaller>> _queues = new();

    public IReadOnlyList<StoredCaller> Load(long queueId)
    {
        var list = _queues.GetOrAdd(queueId, _ => new List<StoredCaller>());
        lock (list) return list.ToList();
    }

    public void Entered(long queueId, StoredCaller caller)
    {
        var list = _queues.GetOrAdd(queueId, _ => new List<StoredCaller>());
        lock (list) list.Add(caller);
    }

    public void Left(long queueId, string callId)
    {
        if (!_queues.TryGetValue(queueId, out var list)) return;
        lock (list) list.RemoveAll(c => c.CallId == callId);
    }
}
