using System.Diagnostics;

namespace Swarm.Benchmarks;

/// <summary>A PostgreSQL 15 the benchmarks start and stop themselves (tests/postgres/postgres.sh).</summary>
public sealed class PostgresScript : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), $"swarm-bench-pg-{Guid.NewGuid():N}");

    public PostgresScript() => Port = int.Parse(Run("start", directory).Split(' ')[0]);

    public int Port { get; }

    public string ConnectionString(string database = "swarm") => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>A new empty database, for a journal of its own.</summary>
    public string NewDatabase()
    {
        string name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new Npgsql.NpgsqlConnection(ConnectionString());
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    public void Dispose()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        Run("stop", directory);
    }

    private static string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "postgres.sh"));
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"postgres.sh {string.Join(' ', arguments)} failed");
        return output;
    }
}
