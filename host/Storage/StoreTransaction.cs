using Microsoft.Data.Sqlite;
using QueueEngine.Domain;

namespace QueueEngine.Host.Storage;

/// <summary>
/// One write: queries see the transaction's own changes; nothing is kept unless
/// <see cref="Commit"/> is called (disposal rolls back an uncommitted transaction).
/// </summary>
public sealed class StoreTransaction : StoreSession, IDisposable
{
    private readonly SqliteTransaction _tx;
    private bool _done;

    internal StoreTransaction(SqliteConnection connection, SqliteTransaction tx) : base(connection, tx) => _tx = tx;

    /// <summary>Makes the change durable (synchronous=FULL: on disk when this returns).</summary>
    public void Commit()
    {
        if (_done) throw new InvalidOperationException("The transaction is already finished.");
        _tx.Commit();
        _done = true;
    }

    public void Dispose()
    {
        if (!_done) _tx.Rollback();
        _done = true;
        _tx.Dispose();
    }

    // ------------------------------------------------------------------ clients

    public ClientRecord InsertClient(string name, string keyHash, string createDate)
    {
        var id = Insert("INSERT INTO clients (name, key_hash, create_date) VALUES ($n, $h, $d)",
            ("$n", name), ("$h", keyHash), ("$d", createDate));
        return new ClientRecord(id, name, createDate);
    }

    // ------------------------------------------------------------------ extensions

    public ExtensionRecord InsertExtension(ExtensionRecord e)
    {
        var id = Insert("""
            INSERT INTO extensions (client_id, name, label, type, caller_id_name, extra_params, create_date)
            VALUES ($c, $n, $l, $t, $cid, $x, $d)
            """, ("$c", e.ClientId), ("$n", e.Name), ("$l", e.Label), ("$t", e.Type), ("$cid", e.CallerIdName),
            ("$x", e.ExtraParams), ("$d", e.CreateDate));
        return e with { Id = id };
    }

    public void UpdateExtension(ExtensionRecord e) => Execute(
        "UPDATE extensions SET name = $n, label = $l, caller_id_name = $cid, extra_params = $x WHERE id = $id",
        ("$id", e.Id), ("$n", e.Name), ("$l", e.Label), ("$cid", e.CallerIdName), ("$x", e.ExtraParams));

    /// <summary>Deletes the extension with its queue and the queue's memberships.</summary>
    public void DeleteExtension(long id) => Execute("DELETE FROM extensions WHERE id = $id", ("$id", id));

    // ------------------------------------------------------------------ queues

    public void InsertQueue(long extensionId, QueueSettings settings) =>
        Execute("INSERT INTO queues (extension_id, settings) VALUES ($id, $s)", ("$id", extensionId), ("$s", SettingsJson.Write(settings)));

    public void UpdateQueue(long extensionId, QueueSettings settings) =>
        Execute("UPDATE queues SET settings = $s WHERE extension_id = $id", ("$id", extensionId), ("$s", SettingsJson.Write(settings)));

    // ------------------------------------------------------------------ agents

    /// <summary>Adds an agent and returns its id (one sequence for local and remote agents).</summary>
    public long InsertAgent(long clientId, AgentKind kind, AgentSettings settings)
    {
        // The settings JSON carries no id, so the row can be written before the id is known.
        return Insert("INSERT INTO agents (client_id, kind, extension_id, settings) VALUES ($c, $k, $e, $s)",
            ("$c", clientId), ("$k", KindName(kind)), ("$e", settings.ExtensionId),
            ("$s", SettingsJson.Write(new AgentKey(kind, 0), settings)));
    }

    public void UpdateAgent(AgentRecord agent) => Execute(
        "UPDATE agents SET extension_id = $e, settings = $s WHERE id = $id",
        ("$id", agent.Id), ("$e", agent.Settings.ExtensionId), ("$s", SettingsJson.Write(agent.Key, agent.Settings)));

    /// <summary>Deletes the agent and its memberships.</summary>
    public void DeleteAgent(long id) => Execute("DELETE FROM agents WHERE id = $id", ("$id", id));

    // ------------------------------------------------------------------ memberships

    public void InsertMembership(long queueId, Membership m) => Execute(
        "INSERT INTO memberships (queue_id, agent_id, level, position) VALUES ($q, $a, $l, $p)",
        ("$q", queueId), ("$a", m.Agent.Id), ("$l", m.Level), ("$p", m.Position));

    public void UpdateMembership(long queueId, Membership m) => Execute(
        "UPDATE memberships SET level = $l, position = $p WHERE queue_id = $q AND agent_id = $a",
        ("$q", queueId), ("$a", m.Agent.Id), ("$l", m.Level), ("$p", m.Position));

    public void DeleteMembership(long queueId, long agentId) =>
        Execute("DELETE FROM memberships WHERE queue_id = $q AND agent_id = $a", ("$q", queueId), ("$a", agentId));

    // ------------------------------------------------------------------ sounds

    public SoundRecord InsertSound(SoundRecord s)
    {
        var id = Insert("""
            INSERT INTO sounds (client_id, name, file_name, duration_seconds, size_bytes, create_date)
            VALUES ($c, $n, $f, $d, $b, $cd)
            """, ("$c", s.ClientId), ("$n", s.Name), ("$f", s.FileName), ("$d", s.DurationSeconds), ("$b", s.SizeBytes),
            ("$cd", s.CreateDate));
        return s with { Id = id };
    }

    public void DeleteSound(long id) => Execute("DELETE FROM sounds WHERE id = $id", ("$id", id));

    // ------------------------------------------------------------------ helpers

    private void Execute(string sql, params (string Name, object? Value)[] args)
    {
        using var command = Command(sql, args);
        command.ExecuteNonQuery();
    }

    private long Insert(string sql, params (string Name, object? Value)[] args)
    {
        using var command = Command(sql + " RETURNING id", args);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
