using System.Data.Common;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;
using Swarm.Actors.Scheduler;

namespace Swarm.Shell;

/// <summary>The scheduler's journal (Akka.Persistence.Sql): which store, how many events and snapshots it holds.</summary>
public static class JournalCommandGroup
{
    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("journal stats", "", "the journal's store and location, the scheduler's sequence number, events and snapshots stored", 0, 0, Stats),
    ];

    private static async Task<int> Stats(ShellInvocation invocation)
    {
        var config = invocation.Manager.System.Settings.Config;
        string provider = config.GetString("akka.persistence.journal.sql.provider-name", "");
        string connectionString = config.GetString("akka.persistence.journal.sql.connection-string", "");
        bool postgres = provider.StartsWith("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        var summary = invocation.Manager.Scheduler.Ask<SchedulerCommands.Summary>(SchedulerCommands.GetSummary.Instance, ShellInvocation.AskTimeout);
        (long Events, long Snapshots) stored;
        try
        {
            await using DbConnection connection = postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);
            await connection.OpenAsync(invocation.Cancellation);
            stored = (await Count(connection, JournalTable(config), invocation.Cancellation), await Count(connection, SnapshotTable(config), invocation.Cancellation));
        }
        catch (DbException e)
        {
            await invocation.Output.Error($"journal stats: cannot read the journal: {e.Message}");
            return ShellProtocol.Failed;
        }
        await invocation.Output.Columns("store", "location", "persistence-id", "sequence-nr", "events", "snapshots");
        await invocation.Output.Row(postgres ? "postgres" : "sqlite", Location(connectionString, postgres), SchedulerActor.DefaultPersistenceId,
            (await summary).LastSequenceNr, stored.Events, stored.Snapshots);
        return ShellProtocol.Succeeded;
    }

    // The scheduler's rows: the journal holds nothing else today, but a shared database might.
    private static async Task<long> Count(DbConnection connection, (string Table, string PersistenceIdColumn) table, CancellationToken cancellation)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table.Table} WHERE {table.PersistenceIdColumn} = @id";
        var id = command.CreateParameter();
        id.ParameterName = "@id";
        id.Value = SchedulerActor.DefaultPersistenceId;
        command.Parameters.Add(id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellation), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Table and column names as the plugin's table mapping (HOCON) names them.
    private static (string, string) JournalTable(Config config) => Table(config, "akka.persistence.journal.sql", "journal");

    private static (string, string) SnapshotTable(Config config) => Table(config, "akka.persistence.snapshot-store.sql", "snapshot");

    private static (string, string) Table(Config config, string plugin, string kind)
    {
        string mapping = $"{plugin}.{config.GetString($"{plugin}.table-mapping", "default")}";
        string schema = config.GetString($"{mapping}.schema-name", "") ?? "";
        string table = config.GetString($"{mapping}.{kind}.table-name", kind);
        return (schema.Length > 0 ? $"{schema}.{table}" : table, config.GetString($"{mapping}.{kind}.columns.persistence-id", "persistence_id"));
    }

    // Where the store is, never its password: the SQLite file, or PostgreSQL's host, port and database.
    private static string Location(string connectionString, bool postgres)
    {
        if (!postgres) return new SqliteConnectionStringBuilder(connectionString).DataSource;
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
