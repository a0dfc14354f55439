using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using QueueEngine.Host.Setup;

namespace QueueEngine.Host.Storage;

/// <summary>
/// The service's configuration store: an embedded SQLite database in the data directory (WAL
/// journal, <c>synchronous=FULL</c>, so a committed change survives a crash) plus the sound files
/// under <c>DATA/sounds</c>.
/// <para>
/// Writes are serialized: one connection, one transaction at a time behind a gate that the API
/// holds until the running engine has the change too, so the database and the actors always see
/// changes in the same order. Reads use pooled connections of their own and see the last commit.
/// </para>
/// </summary>
public sealed class ConfigStore : IDisposable
{
    public const string DatabaseFileName = "queue-engine.db";

    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SqliteConnection _writer;
    private readonly string _connectionString;
    private readonly ILogger<ConfigStore> _log;

    public ConfigStore(IOptions<StorageOptions> options, IHostEnvironment environment, ILogger<ConfigStore> log)
    {
        _log = log;
        DataDirectory = Path.GetFullPath(options.Value.DataDirectory, environment.ContentRootPath);
        SoundsDirectory = Path.Combine(DataDirectory, "sounds");
        Directory.CreateDirectory(SoundsDirectory);
        DatabasePath = Path.Combine(DataDirectory, DatabaseFileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30, // seconds a command waits on a locked database
        }.ToString();

        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        Pragma(_writer, "journal_mode = WAL");
        Pragma(_writer, "synchronous = FULL");
        Pragma(_writer, "foreign_keys = ON");
        Schema.Migrate(_writer);
        _log.LogInformation("Configuration store opened at {DatabasePath}", DatabasePath);
    }

    public string DataDirectory { get; }
    public string SoundsDirectory { get; }
    public string DatabasePath { get; }

    /// <summary>For the live-state store, which keeps its own writer connection to the same database.</summary>
    internal string ConnectionString => _connectionString;

    /// <summary>Runs read-only queries on a connection of their own.</summary>
    public T Read<T>(Func<StoreSession, T> query)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return query(new StoreSession(connection, null));
    }

    /// <summary>
    /// Runs <paramref name="work"/> alone, in a transaction. The work commits when its change is
    /// complete and then tells the engine; a work that returns without committing changes nothing.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<StoreTransaction, Task<T>> work, CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            using var tx = new StoreTransaction(_writer, _writer.BeginTransaction());
            return await work(tx);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>For the readiness probe: the database answers a query.</summary>
    public bool IsHealthy()
    {
        try
        {
            return Read(s => s.Ping());
        }
        catch (SqliteException e)
        {
            _log.LogError(e, "Configuration store is not answering");
            return false;
        }
    }

    public string SoundPath(SoundRecord sound) => Path.Combine(SoundsDirectory, sound.FileName);

    public void Dispose()
    {
        SqliteConnection.ClearPool(_writer);
        _writer.Dispose();
        _writeGate.Dispose();
    }

    private static void Pragma(SqliteConnection connection, string pragma)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        command.ExecuteNonQuery();
    }
}
