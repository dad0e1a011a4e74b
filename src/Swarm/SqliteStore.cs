using Microsoft.Data.Sqlite;

namespace Swarm;

/// <summary>
/// The SQLite file holding the scheduler's journal. In write-ahead-log mode a commit appends to <c>FILE-wal</c> and
/// syncs it once, instead of writing and syncing a rollback journal and the database: about 1.3 ms a commit instead of
/// 4-5 ms on this project's machine, and a <c>docker run</c> through the manager waits for three of them (placed,
/// created, desired state). Durability is unchanged (synchronous stays FULL, Microsoft.Data.Sqlite's default, so every
/// acknowledged write is on disk); the mode is kept in the file, and <c>FILE-wal</c> and <c>FILE-shm</c> live beside it.
/// </summary>
internal static class SqliteStore
{
    public static void UseWriteAheadLog(string path)
    {
        try
        {
            using var connection = new SqliteConnection($"Data Source={path}");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL";
            command.ExecuteScalar();
        }
        catch (SqliteException error)
        {
            // The journal reports a store it cannot use itself; this is only about speed.
            Console.Error.WriteLine($"swarm manage: could not put {path} in write-ahead-log mode ({error.Message}); going on with its current mode");
        }
    }
}
