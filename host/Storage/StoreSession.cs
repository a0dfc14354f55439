using Microsoft.Data.Sqlite;
using QueueEngine.Domain;

namespace QueueEngine.Host.Storage;

/// <summary>The store's queries, on one connection (and its transaction, inside a write).</summary>
public class StoreSession
{
    private protected readonly SqliteConnection Connection;
    private protected readonly SqliteTransaction? Transaction;

    internal StoreSession(SqliteConnection connection, SqliteTransaction? transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    internal bool Ping() => Convert.ToInt64(Command("SELECT 1").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;

    // ------------------------------------------------------------------ clients

    public long? FindClientIdByKeyHash(string keyHash)
    {
        var (found, id) = Single("SELECT id FROM clients WHERE key_hash = $h", r => r.GetInt64(0), ("$h", keyHash));
        return found ? id : null;
    }

    public ClientRecord? FindClient(long id) =>
        Single("SELECT id, name, create_date FROM clients WHERE id = $id", ReadClient, ("$id", id)).Value;

    public IReadOnlyList<ClientRecord> ListClients() =>
        Query("SELECT id, name, create_date FROM clients ORDER BY id", ReadClient);

    // ------------------------------------------------------------------ extensions

    private const string ExtensionColumns = "id, client_id, name, label, type, caller_id_name, extra_params, create_date";

    public ExtensionRecord? FindExtension(long id) =>
        Single($"SELECT {ExtensionColumns} FROM extensions WHERE id = $id", ReadExtension, ("$id", id)).Value;

    public IReadOnlyList<ExtensionRecord> ListExtensions(long clientId) =>
        Query($"SELECT {ExtensionColumns} FROM extensions WHERE client_id = $c ORDER BY id", ReadExtension, ("$c", clientId));

    public bool ExtensionNameTaken(long clientId, string name, long exceptId) =>
        Single("SELECT 1 FROM extensions WHERE client_id = $c AND name = $n AND id <> $id", _ => true,
            ("$c", clientId), ("$n", name), ("$id", exceptId)).Found;

    /// <summary>Whether <paramref name="extensionId"/> is a <c>phone</c> extension of the client.</summary>
    public bool IsPhoneExtension(long clientId, long extensionId) =>
        Single("SELECT 1 FROM extensions WHERE id = $id AND client_id = $c AND type = 'phone'", _ => true,
            ("$id", extensionId), ("$c", clientId)).Found;

    // ------------------------------------------------------------------ queues

    public QueueSettings? FindQueueSettings(long extensionId) =>
        Single("SELECT settings FROM queues WHERE extension_id = $id", r => SettingsJson.ReadQueue(r.GetString(0)),
            ("$id", extensionId)).Value;

    public IReadOnlyList<QueueRecord> ListQueues(long? clientId = null) =>
        Query("""
            SELECT q.extension_id, e.client_id, q.settings FROM queues q JOIN extensions e ON e.id = q.extension_id
            WHERE $c IS NULL OR e.client_id = $c ORDER BY q.extension_id
            """,
            r => new QueueRecord(r.GetInt64(0), r.GetInt64(1), SettingsJson.ReadQueue(r.GetString(2))), ("$c", clientId));

    // ------------------------------------------------------------------ agents

    public AgentRecord? FindAgent(long id) =>
        Single("SELECT id, client_id, kind, settings FROM agents WHERE id = $id", ReadAgent, ("$id", id)).Value;

    /// <summary>The client's agents of one kind (or all agents when <paramref name="clientId"/> is null), by id.</summary>
    public IReadOnlyList<AgentRecord> ListAgents(long? clientId, AgentKind? kind, IReadOnlyCollection<long>? extensionIds = null)
    {
        var filter = extensionIds is { Count: > 0 }
            ? $" AND extension_id IN ({string.Join(",", extensionIds.Select((_, i) => $"$e{i}"))})"
            : "";
        var args = new List<(string, object?)> { ("$c", clientId), ("$k", kind is { } k ? KindName(k) : null) };
        if (extensionIds is { Count: > 0 }) args.AddRange(extensionIds.Select((e, i) => ($"$e{i}", (object?)e)));
        return Query($"""
            SELECT id, client_id, kind, settings FROM agents
            WHERE ($c IS NULL OR client_id = $c) AND ($k IS NULL OR kind = $k){filter} ORDER BY id
            """, ReadAgent, args.ToArray());
    }

    /// <summary>Local agents that ring the extension.</summary>
    public IReadOnlyList<long> AgentsOnExtension(long extensionId) =>
        Query("SELECT id FROM agents WHERE extension_id = $e ORDER BY id", r => r.GetInt64(0), ("$e", extensionId));

    // ------------------------------------------------------------------ memberships

    private const string MembershipSelect =
        "SELECT m.queue_id, a.kind, m.agent_id, m.level, m.position FROM memberships m JOIN agents a ON a.id = m.agent_id";

    public MembershipRecord? FindMembership(long queueId, long agentId) =>
        Single($"{MembershipSelect} WHERE m.queue_id = $q AND m.agent_id = $a", ReadMembership, ("$q", queueId), ("$a", agentId)).Value;

    /// <summary>A queue's members of one kind, by level, then position, then agent id (QUEUE-SPEC §1.4).</summary>
    public IReadOnlyList<MembershipRecord> ListMembers(long queueId, AgentKind? kind = null) =>
        Query($"{MembershipSelect} WHERE m.queue_id = $q AND ($k IS NULL OR a.kind = $k) ORDER BY m.level, m.position, m.agent_id",
            ReadMembership, ("$q", queueId), ("$k", kind is { } k ? KindName(k) : null));

    public IReadOnlyList<MembershipRecord> ListAllMemberships() =>
        Query($"{MembershipSelect} ORDER BY m.queue_id, m.level, m.position, m.agent_id", ReadMembership);

    /// <summary>The queues the agent is a member of, by id.</summary>
    public IReadOnlyList<long> QueuesOfAgent(long agentId) =>
        Query("SELECT queue_id FROM memberships WHERE agent_id = $a ORDER BY queue_id", r => r.GetInt64(0), ("$a", agentId));

    // ------------------------------------------------------------------ sounds

    private const string SoundColumns = "id, client_id, name, file_name, duration_seconds, size_bytes, create_date";

    public SoundRecord? FindSound(long id) =>
        Single($"SELECT {SoundColumns} FROM sounds WHERE id = $id", ReadSound, ("$id", id)).Value;

    public IReadOnlyList<SoundRecord> ListSounds(long clientId) =>
        Query($"SELECT {SoundColumns} FROM sounds WHERE client_id = $c ORDER BY id", ReadSound, ("$c", clientId));

    public IReadOnlyList<string> AllSoundFileNames() => Query("SELECT file_name FROM sounds", r => r.GetString(0));

    /// <summary>Whether <paramref name="soundId"/> names a sound of the client.</summary>
    public bool SoundExists(long clientId, long soundId) =>
        Single("SELECT 1 FROM sounds WHERE id = $id AND client_id = $c", _ => true, ("$id", soundId), ("$c", clientId)).Found;

    // ------------------------------------------------------------------ helpers

    internal static string KindName(AgentKind kind) => kind == AgentKind.Local ? "local" : "remote";

    private static AgentKind ParseKind(string kind) => kind switch
    {
        "local" => AgentKind.Local,
        "remote" => AgentKind.Remote,
        _ => throw new InvalidDataException($"Unknown agent kind '{kind}' in the store."),
    };

    private static ClientRecord ReadClient(SqliteDataReader r) => new(r.GetInt64(0), r.GetString(1), r.GetString(2));

    private static ExtensionRecord ReadExtension(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), NullableString(r, 3), r.GetString(4), NullableString(r, 5),
        NullableString(r, 6), r.GetString(7));

    private static AgentRecord ReadAgent(SqliteDataReader r)
    {
        var kind = ParseKind(r.GetString(2));
        return new AgentRecord(r.GetInt64(0), r.GetInt64(1), kind, SettingsJson.ReadAgent(kind, r.GetString(3)));
    }

    private static MembershipRecord ReadMembership(SqliteDataReader r) =>
        new(r.GetInt64(0), ParseKind(r.GetString(1)), r.GetInt64(2), r.GetInt32(3), r.GetInt32(4));

    private static SoundRecord ReadSound(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetInt64(5), r.GetString(6));

    private static string? NullableString(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private protected SqliteCommand Command(string sql, params (string Name, object? Value)[] args)
    {
        var command = Connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = sql;
        foreach (var (name, value) in args) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private protected List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var command = Command(sql, args);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    private protected (bool Found, T? Value) Single<T>(string sql, Func<SqliteDataReader, T> map, params (string Name, object? Value)[] args)
    {
        using var command = Command(sql, args);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (true, map(reader)) : (false, default);
    }
}
