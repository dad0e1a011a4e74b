using System.Diagnostics;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Three <c>swarm manage</c> processes in one Akka cluster sharing a PostgreSQL journal, over three real engines.
/// The primary is killed with SIGKILL while a client keeps creating containers through another manager.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class ManagerFailoverTests(RealEngines engines, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<ManagerProcess> managers = [];
    private PostgresServer postgres = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in managers)
        {
            output.WriteLine($"--- manager on {manager.Port} ---\n" + manager.Log);
            await manager.DisposeAsync();
        }
    }

    [Fact]
    public async Task Killing_the_primary_loses_no_acknowledged_container_and_creates_none_twice()
    {
        postgres = new PostgresServer();
        try
        {
            var journal = postgres.NewDatabase();
            string store = journal.ConnectionString;
            string[] addresses = [engines[1].Address, engines[2].Address, engines[3].Address];
            var primary = await Start(addresses, store);
            await primary.WaitForHealthyNodes(3);
            var second = await Start(addresses, store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
            var third = await Start(addresses, store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
            await second.WaitForHealthyNodes(3);
            await third.WaitForHealthyNodes(3);
            Assert.Contains("Role: primary", (await primary.Docker("info")).Output);
            var replicaInfo = (await second.Docker("info")).Output;
            Assert.Contains("Role: replica", replicaInfo);
            Assert.Contains($"Primary: 127.0.0.1:{primary.ClusterPort}", replicaInfo);

            var acknowledged = new List<string>();
            string run = Guid.NewGuid().ToString("N")[..6];
            for (int i = 0; i < 10; i++) acknowledged.Add(await Create(second, $"before-{run}-{i}"));

            primary.Crash();
            var clock = Stopwatch.StartNew();
            output.WriteLine($"Primary killed at {DateTime.UtcNow:HH:mm:ss.fff}");
            acknowledged.Add(await Create(second, $"during-{run}"));
            var failover = clock.Elapsed;
            output.WriteLine($"First placement after SIGKILL of the primary acknowledged after {failover.TotalSeconds:F1}s");
            for (int i = 0; i < 10; i++) acknowledged.Add(await Create(i % 2 == 0 ? second : third, $"after-{run}-{i}"));

            // An engine whose actor ran on the killed manager is listed again once its new actor has loaded it.
            string[] listed = [];
            for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(500))
            {
                listed = (await third.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                if (acknowledged.All(listed.Contains)) break;
            }
            foreach (string id in acknowledged) Assert.Equal(1, listed.Count(l => l == id));
            int onEngines = 0;
            foreach (string address in addresses)
            {
                var labels = await DockerCli.Run("tcp://" + address, "ps", "-a", "--filter", "name=" + run, "--format", "{{.Label \"com.docker.swarm.id\"}}");
                onEngines += labels.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(acknowledged.Contains);
            }
            Assert.Equal(acknowledged.Count, onEngines);
            // The oldest survivor hosts the scheduler now, and says so; the other points at it.
            string[] roles = [(await second.Docker("info")).Output, (await third.Docker("info")).Output];
            Assert.Equal(1, roles.Count(info => info.Contains("Role: primary")));
            Assert.Equal(1, roles.Count(info => info.Contains("Role: replica")));
        }
        finally
        {
            foreach (var manager in managers) await manager.DisposeAsync();
            postgres.Dispose();
        }
    }

    [Fact]
    public async Task Stopping_the_primary_hands_the_scheduler_over_and_a_full_restart_recovers_the_same_state()
    {
        postgres = new PostgresServer();
        try
        {
            string store = postgres.NewDatabase().ConnectionString;
            string[] addresses = [engines[1].Address, engines[2].Address, engines[3].Address];
            var primary = await Start(addresses, store);
            await primary.WaitForHealthyNodes(3);
            var second = await Start(addresses, store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
            await second.WaitForHealthyNodes(3);

            string run = Guid.NewGuid().ToString("N")[..6];
            var acknowledged = new List<string>();
            for (int i = 0; i < 5; i++) acknowledged.Add(await Create(second, $"graceful-{run}-{i}"));

            // One create in flight while the primary stops, one right after it has exited: neither is lost.
            var clock = Stopwatch.StartNew();
            output.WriteLine($"Primary stopped at {DateTime.UtcNow:HH:mm:ss.fff}");
            var stopping = primary.Stop();
            var inFlight = Create(second, $"handover-{run}");
            await stopping;
            var exited = clock.Elapsed;
            acknowledged.Add(await inFlight);
            acknowledged.Add(await Create(second, $"after-handover-{run}"));
            output.WriteLine($"Primary exited {exited.TotalSeconds:F1}s after SIGTERM; next placement acknowledged {(clock.Elapsed - exited).TotalSeconds:F1}s later");
            Assert.Contains("Role: primary", (await second.Docker("info")).Output);

            string before = await second.StateDigest();
            await second.Stop();
            var restarted = await Start(addresses, store);
            await restarted.WaitForHealthyNodes(3);
            Assert.Equal(before, await restarted.StateDigest());
            var listed = (await restarted.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}}")).Output;
            Assert.All(acknowledged, id => Assert.Contains(id, listed));
        }
        finally
        {
            foreach (var manager in managers) await manager.DisposeAsync();
            postgres.Dispose();
        }
    }

    private async Task<ManagerProcess> Start(string[] addresses, string store, params string[] flags)
    {
        var manager = await ManagerProcess.StartAsync(addresses, store, flags);
        managers.Add(manager);
        return manager;
    }

    // docker create goes through placement and the engine; it answers only once the placement is journaled.
    private static async Task<string> Create(ManagerProcess manager, string name)
    {
        var created = await manager.Docker("create", "--name", name, "busybox", "true");
        Assert.True(created.ExitCode == 0, $"create {name}: {created.Error}");
        return created.Output.Trim();
    }
}
