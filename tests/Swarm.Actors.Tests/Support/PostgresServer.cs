using Npgsql;
using Swarm.Actors.Scheduler;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// A PostgreSQL server for a test class, started and stopped by tests/postgres/postgres.sh (which installs
/// Debian's postgresql when missing); each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-postgres-" + Guid.NewGuid().ToString("N")[..8]);

    public PostgresServer()
    {
        string[] output = TestScripts.Run("postgres.sh", new Dictionary<string, string>(), "start", directory).Trim().Split(' ');
        Port = int.Parse(output[0]);
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true";

    public PostgresJournal NewDatabase()
    {
        string name = "journal_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(ConnectionString("swarm"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return new PostgresJournal(ConnectionString(name));
    }

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        TestScripts.Run("postgres.sh", new Dictionary<string, string>(), "stop", directory);
    }
}

public sealed class PostgresJournal(string connectionString) : IJournalStore
{
    public string ConnectionString => connectionString;

    public string Config => SqlJournalConfig.For(connectionString, SqlJournalConfig.PostgresProvider);

    public int SnapshotCount()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT COUNT(*) FROM snapshot", connection);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    public void Dispose()
    {
    }
}
