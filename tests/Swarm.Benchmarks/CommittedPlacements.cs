using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Engines.Health;
using Swarm.Engines.Hollow;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Benchmarks;

/// <summary>
/// Committed placements per second through the scheduler singleton, as a manager runs it: a cluster of one, the
/// singleton reached through its proxy, its nodes reported by engine actors watching in-process hollow engines
/// (simulated, labelled hollow=true). Each request is decided, journaled (Akka.Persistence.Sql on SQLite, then on
/// a PostgreSQL 15 the benchmark starts itself) and acknowledged, with many requests in flight as a busy API sends.
/// </summary>
public static class CommittedPlacements
{
    public static async Task Run(int nodes, int placements, int concurrency, bool postgres)
    {
        Console.WriteLine($"Committed placements through the scheduler singleton: {nodes:N0} hollow engines, {placements:N0} placements, {concurrency} in flight");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine();
        Console.WriteLine("| journal | placements/s | p50 ms | p90 ms | p99 ms | refused | journaled events |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");

        string database = Path.Combine(Path.GetTempPath(), $"swarm-bench-{Guid.NewGuid():N}.db");
        try
        {
            await Row("SQLite", $"Data Source={database}", SqlJournalConfig.SqliteProvider, nodes, placements, concurrency);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (string file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
        }
        if (!postgres) return;

        using var postgresServer = new PostgresScript();
        try
        {
            await Row("PostgreSQL 15", postgresServer.ConnectionString(), SqlJournalConfig.PostgresProvider, nodes, placements, concurrency);
        }
        finally
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
        }
    }

    private static async Task Row(string journal, string connectionString, string provider, int nodes, int placements, int concurrency)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.loglevel = ERROR
            akka.actor.provider = cluster
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
            akka.cluster.roles = [{{SchedulerSingleton.ManagerRole}}]
            """ + "\n" + SqlJournalConfig.For(connectionString, provider) + SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config);
        var system = ActorSystem.Create("bench", config);
        try
        {
            Cluster.Get(system).Join(Cluster.Get(system).SelfAddress);
            SchedulerSingleton.StartManager(system, SchedulerOptions.Default);
            var scheduler = SchedulerSingleton.StartProxy(system);
            var hollow = Enumerable.Range(0, nodes).ToDictionary(Address, n => new HollowEngine(new HollowEngineOptions
            {
                Address = Address(n),
                Name = $"node-{n + 1:D4}",
                Cpus = 16,
                Memory = 64L << 30,
                Labels = [$"region={(n % 2 == 0 ? "eu-west" : "us-east")}"],
            }));
            var settings = new EngineSettings(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5), 3, TimeSpan.FromSeconds(30));
            var directory = system.ActorOf(EngineDirectory.Props(scheduler, watchFor: address => new EngineDirectory.EngineWatch(hollow[address].Connect(), settings)));
            directory.Tell(new EngineDirectory.WatchOnly([.. hollow.Keys]));
            await AllConnected(directory, nodes);
            // First placement also creates the tables: keep it out of the timing.
            await scheduler.Ask<object>(Request(-1), TimeSpan.FromSeconds(30));

            var latencies = new double[placements];
            int next = -1, failed = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < placements)
                {
                    long started = Stopwatch.GetTimestamp();
                    var answer = await scheduler.Ask<object>(Request(i), TimeSpan.FromSeconds(60));
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (answer is not SchedulerCommands.Placed) Interlocked.Increment(ref failed);
                }
            }));
            clock.Stop();
            var digest = await scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, TimeSpan.FromSeconds(30));

            Array.Sort(latencies);
            Console.WriteLine($"| {journal} | {placements / clock.Elapsed.TotalSeconds:N0} | {Percentile(latencies, 0.50):F1} | {Percentile(latencies, 0.90):F1} | {Percentile(latencies, 0.99):F1} | {failed} | {digest.LastSequenceNr:N0} |");
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static SchedulerCommands.PlaceContainer Request(int i) => new(new ContainerRequest
    {
        Name = $"bench-{i}",
        Image = "busybox:latest",
        Env = ["constraint:region==eu-*"],
        Memory = 64L << 20,
    });

    private static string Address(int n) => $"10.{n / 250}.{n % 250}.1:2375";

    private static async Task AllConnected(IActorRef directory, int nodes)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var engines = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(30));
            if (engines.All.Count(e => e.Health.Status == EngineStatus.Healthy) == nodes) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("hollow engines did not all connect");
            await Task.Delay(200);
        }
    }
}
