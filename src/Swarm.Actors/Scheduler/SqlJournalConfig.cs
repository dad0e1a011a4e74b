namespace Swarm.Actors.Scheduler;

/// <summary>The <c>akka.persistence</c> HOCON that puts the journal and snapshot store in one SQL database (Akka.Persistence.Sql).</summary>
public static class SqlJournalConfig
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgresProvider = "PostgreSQL.15";

    public static string For(string connectionString, string provider) => $$"""

        akka.persistence {
          journal {
            plugin = "akka.persistence.journal.sql"
            sql {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              connection-string = "{{connectionString}}"
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
          snapshot-store {
            plugin = "akka.persistence.snapshot-store.sql"
            sql {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              connection-string = "{{connectionString}}"
              provider-name = "{{provider}}"
              auto-initialize = on
            }
          }
        }

        """;
}
