using Swarm.Actors.Scheduler;

namespace Swarm.Actors.Tests.Support;

/// <summary>An Akka.Persistence.Sql journal and snapshot store in a fresh SQLite file, deleted afterwards.</summary>
public sealed class SqliteJournal : IJournalStore
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"swarm-journal-{Guid.NewGuid():N}.db");

    public string Config => SqlJournalConfig.For($"Data Source={Path}", SqlJournalConfig.SqliteProvider);

    public int SnapshotCount()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM snapshot";
        return Convert.ToInt32(command.ExecuteScalar());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (string file in new[] { Path, Path + "-wal", Path + "-shm" }) File.Delete(file);
    }
}
