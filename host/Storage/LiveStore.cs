using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using QueueEngine.Domain;
using QueueEngine.Queues;

namespace QueueEngine.Host.Storage;

/// <summary>An agent login or logout as kept in the history (QUEUE-SPEC §5, the seed's "Queue Agent Events").</summary>
public sealed record AgentEventRecord(long Id, long ClientId, AgentKey Agent, string Event, DateTimeOffset Time);

/// <summary>A caller as the store keeps it for recovery, in entry order.</summary>
public sealed record WaitingCallerRecord(long QueueId, StoredCaller Caller);

/// <summary>
/// The engine's live state in the same SQLite database as the configuration: a start counter (the
/// command stream's epoch), the callers waiting in queues (the engine's <see cref="ICallerStore"/>)
/// and the agents' login/logout history.
/// <para>
/// Queue actors must never wait for a disk: <see cref="Entered"/>, <see cref="Left"/> and
/// <see cref="RecordAgentEvent"/> only put the change in a queue. One writer thread takes
/// everything queued, writes it in one transaction and commits it (<c>synchronous=FULL</c>: on
/// disk when the commit returns), then takes what came meanwhile: a group commit whose batches
/// grow with the load, with no timer. A change is durable once its batch commits, normally one
/// fsync (a few milliseconds) after it was queued; a crash loses at most the batch being written
/// and the changes queued behind it.
/// </para>
/// </summary>
public sealed class LiveStore : ICallerStore, IDisposable
{
    private const int MaxBatch = 2000;

    private abstract record Op;
    private sealed record EnteredOp(long QueueId, StoredCaller Caller) : Op;
    private sealed record LeftOp(long QueueId, string CallId) : Op;
    private sealed record AgentEventOp(long ClientId, AgentKey Agent, string Event, DateTimeOffset Time) : Op;
    private sealed record FlushOp(TaskCompletionSource Done) : Op;

    private readonly BlockingCollection<Op> _ops = new(new ConcurrentQueue<Op>());
    private readonly string _connectionString;
    private readonly SqliteConnection _connection;
    private readonly Thread _writer;
    private readonly ILogger<LiveStore> _log;

    public LiveStore(ConfigStore config, ILogger<LiveStore> log)
    {
        _log = log;
        _connectionString = config.ConnectionString; // the schema is migrated by the ConfigStore
        _connection = new SqliteConnection(_connectionString);
        _connection.Open();
        Execute("PRAGMA synchronous = FULL");
        Epoch = NextEpoch();
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "queue-engine-live-store" };
        _writer.Start();
        _log.LogInformation("Live state store opened: start {Epoch}", Epoch);
    }

    /// <summary>This start's number: one more than the previous start's, committed before anything else.</summary>
    public long Epoch { get; }

    // ------------------------------------------------------------------ ICallerStore (called by queue actors)

    /// <summary>The queue's stored callers in entry order (after everything queued so far is written).</summary>
    public IReadOnlyList<StoredCaller> Load(long queueId)
    {
        if (!Flush().Wait(TimeSpan.FromSeconds(30)))
            _log.LogError("The live state store did not write its queue within 30 s; queue {QueueId} recovers what is on disk", queueId);
        return ReadCallers(queueId).Select(r => r.Caller).ToList();
    }

    public void Entered(long queueId, StoredCaller caller) => Enqueue(new EnteredOp(queueId, caller));

    public void Left(long queueId, string callId) => Enqueue(new LeftOp(queueId, callId));

    // ------------------------------------------------------------------ agent events

    public void RecordAgentEvent(long clientId, AgentKey agent, string eventName, DateTimeOffset time) =>
        Enqueue(new AgentEventOp(clientId, agent, eventName, time));

    /// <summary>
    /// A client's agent logins and logouts, oldest first: <paramref name="from"/> inclusive,
    /// <paramref name="to"/> exclusive, optionally of one agent.
    /// </summary>
    public IReadOnlyList<AgentEventRecord> ReadAgentEvents(long clientId, long? agentId, DateTimeOffset? from, DateTimeOffset? to, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, client_id, agent_id, agent_kind, event, time_ticks FROM agent_events
            WHERE client_id = $c AND ($a IS NULL OR agent_id = $a) AND ($f IS NULL OR time_ticks >= $f) AND ($t IS NULL OR time_ticks < $t)
            ORDER BY time_ticks, id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$c", clientId);
        command.Parameters.AddWithValue("$a", (object?)agentId ?? DBNull.Value);
        command.Parameters.AddWithValue("$f", (object?)from?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", (object?)to?.UtcTicks ?? DBNull.Value);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var result = new List<AgentEventRecord>();
        while (reader.Read())
        {
            var kind = reader.GetString(3) == "local" ? AgentKind.Local : AgentKind.Remote;
            result.Add(new AgentEventRecord(reader.GetInt64(0), reader.GetInt64(1), new AgentKey(kind, reader.GetInt64(2)),
                reader.GetString(4), new DateTimeOffset(reader.GetInt64(5), TimeSpan.Zero)));
        }
        return result;
    }

    // ------------------------------------------------------------------ reads and flushing

    /// <summary>The callers stored for a queue, in entry order (what a restart would recover).</summary>
    public IReadOnlyList<WaitingCallerRecord> ReadCallers(long queueId)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT queue_id, call_id, caller_number, caller_name, entered_at_ticks FROM waiting_callers
            WHERE queue_id = $q ORDER BY seq
            """;
        command.Parameters.AddWithValue("$q", queueId);
        using var reader = command.ExecuteReader();
        var result = new List<WaitingCallerRecord>();
        while (reader.Read())
            result.Add(new WaitingCallerRecord(reader.GetInt64(0), new StoredCaller(reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), new DateTimeOffset(reader.GetInt64(4), TimeSpan.Zero))));
        return result;
    }

    /// <summary>Completes when everything queued before this call is committed.</summary>
    public Task Flush()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Enqueue(new FlushOp(done))) done.TrySetResult();
        return done.Task;
    }

    public void Dispose()
    {
        _ops.CompleteAdding();
        if (!_writer.Join(TimeSpan.FromSeconds(30)))
            _log.LogError("The live state store's writer did not finish within 30 s");
        _connection.Dispose();
        _ops.Dispose();
    }

    // ------------------------------------------------------------------ the writer

    private bool Enqueue(Op op)
    {
        try
        {
            if (_ops.TryAdd(op)) return true;
        }
        catch (InvalidOperationException)
        {
            // adding completed, or the queue disposed: the service is stopping
        }
        _log.LogWarning("The live state store is closed; {Change} not kept", op.GetType().Name);
        return false;
    }

    private void WriteLoop()
    {
        using var insertCaller = Prepare("""
            INSERT OR IGNORE INTO waiting_callers (queue_id, call_id, caller_number, caller_name, entered_at_ticks)
            VALUES ($q, $c, $n, $name, $t)
            """, "$q", "$c", "$n", "$name", "$t");
        using var deleteCaller = Prepare("DELETE FROM waiting_callers WHERE queue_id = $q AND call_id = $c", "$q", "$c");
        using var insertAgentEvent = Prepare("""
            INSERT INTO agent_events (client_id, agent_id, agent_kind, event, time_ticks) VALUES ($c, $a, $k, $e, $t)
            """, "$c", "$a", "$k", "$e", "$t");
        var batch = new List<Op>(MaxBatch);
        var flushes = new List<TaskCompletionSource>();
        foreach (var first in _ops.GetConsumingEnumerable())
        {
            batch.Add(first);
            while (batch.Count < MaxBatch && _ops.TryTake(out var next)) batch.Add(next);
            try
            {
                using var tx = _connection.BeginTransaction();
                foreach (var op in batch)
                {
                    switch (op)
                    {
                        case EnteredOp e:
                            Run(insertCaller, tx, e.QueueId, e.Caller.CallId, e.Caller.CallerNumber, e.Caller.CallerName, e.Caller.EnteredAt.UtcTicks);
                            break;
                        case LeftOp l:
                            Run(deleteCaller, tx, l.QueueId, l.CallId);
                            break;
                        case AgentEventOp a:
                            Run(insertAgentEvent, tx, a.ClientId, a.Agent.Id, StoreSession.KindName(a.Agent.Kind), a.Event, a.Time.UtcTicks);
                            break;
                        case FlushOp f:
                            flushes.Add(f.Done);
                            break;
                    }
                }
                tx.Commit();
            }
            catch (SqliteException e)
            {
                _log.LogError(e, "The live state store could not write {Changes} changes; they are lost", batch.Count - flushes.Count);
            }
            foreach (var f in flushes) f.TrySetResult();
            batch.Clear();
            flushes.Clear();
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = p });
        return command;
    }

    private static void Run(SqliteCommand command, SqliteTransaction tx, params object?[] values)
    {
        command.Transaction = tx;
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private long NextEpoch()
    {
        using var tx = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO engine_meta (key, value) VALUES ('epoch', 1)
            ON CONFLICT (key) DO UPDATE SET value = value + 1 RETURNING value
            """;
        var epoch = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        tx.Commit();
        return epoch;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }
}
