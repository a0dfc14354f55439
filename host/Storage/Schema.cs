using Microsoft.Data.Sqlite;

namespace QueueEngine.Host.Storage;

/// <summary>
/// The database schema, versioned with SQLite's <c>user_version</c>: each migration runs once, in
/// its own transaction, and later versions only ever add a step.
/// </summary>
internal static class Schema
{
    private static readonly string[] Migrations =
    [
        // 1: clients, extensions, queues, agents, memberships, sounds.
        """
        CREATE TABLE clients (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            name        TEXT NOT NULL,
            key_hash    TEXT NOT NULL UNIQUE,
            create_date TEXT NOT NULL
        );
        CREATE TABLE extensions (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            client_id      INTEGER NOT NULL REFERENCES clients(id),
            name           TEXT NOT NULL,
            label          TEXT,
            type           TEXT NOT NULL CHECK (type IN ('phone', 'queue')),
            caller_id_name TEXT,
            extra_params   TEXT,
            create_date    TEXT NOT NULL,
            UNIQUE (client_id, name)
        );
        CREATE TABLE queues (
            extension_id INTEGER PRIMARY KEY REFERENCES extensions(id) ON DELETE CASCADE,
            settings     TEXT NOT NULL
        );
        CREATE TABLE agents (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            client_id    INTEGER NOT NULL REFERENCES clients(id),
            kind         TEXT NOT NULL CHECK (kind IN ('local', 'remote')),
            extension_id INTEGER REFERENCES extensions(id),
            settings     TEXT NOT NULL
        );
        CREATE INDEX agents_by_client ON agents (client_id, kind);
        CREATE INDEX agents_by_extension ON agents (extension_id);
        CREATE TABLE memberships (
            queue_id INTEGER NOT NULL REFERENCES queues(extension_id) ON DELETE CASCADE,
            agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
            level    INTEGER NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (queue_id, agent_id)
        );
        CREATE INDEX memberships_by_agent ON memberships (agent_id);
        CREATE TABLE sounds (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            client_id        INTEGER NOT NULL REFERENCES clients(id),
            name             TEXT NOT NULL,
            file_name        TEXT NOT NULL,
            duration_seconds INTEGER NOT NULL,
            size_bytes       INTEGER NOT NULL,
            create_date      TEXT NOT NULL
        );
        CREATE INDEX sounds_by_client ON sounds (client_id);
        """,
        // 2: the engine's live state (LiveStore): the start counter, waiting callers, agent login/logout history.
        """
        CREATE TABLE engine_meta (
            key   TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        CREATE TABLE waiting_callers (
            seq              INTEGER PRIMARY KEY,
            queue_id         INTEGER NOT NULL,
            call_id          TEXT NOT NULL,
            caller_number    TEXT NOT NULL,
            caller_name      TEXT,
            entered_at_ticks INTEGER NOT NULL,
            UNIQUE (queue_id, call_id)
        );
        CREATE TABLE agent_events (
            id         INTEGER PRIMARY KEY,
            client_id  INTEGER NOT NULL,
            agent_id   INTEGER NOT NULL,
            agent_kind TEXT NOT NULL CHECK (agent_kind IN ('local', 'remote')),
            event      TEXT NOT NULL CHECK (event IN ('agent-login', 'agent-logout')),
            time_ticks INTEGER NOT NULL
        );
        CREATE INDEX agent_events_by_client ON agent_events (client_id, time_ticks);
        """,
    ];

    public static void Migrate(SqliteConnection connection)
    {
        var version = Convert.ToInt32(Scalar(connection, null, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
            throw new InvalidOperationException(
                $"The database has schema version {version}, newer than this service knows ({Migrations.Length}).");
        for (var v = version; v < Migrations.Length; v++)
        {
            using var tx = connection.BeginTransaction();
            Execute(connection, tx, Migrations[v]);
            Execute(connection, tx, $"PRAGMA user_version = {v + 1}");
            tx.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
