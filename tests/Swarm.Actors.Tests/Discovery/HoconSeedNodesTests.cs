using Akka.Cluster;
using Swarm.Actors.Discovery;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Scheduling;
using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Actors.Tests.Discovery;

/// <summary>A manager given no seeds by flag or environment joins those an operator wrote in its HOCON file.</summary>
public sealed class HoconSeedNodesTests : IAsyncLifetime
{
    private static readonly string ShippedHocon = Path.Combine(AppContext.BaseDirectory, "hocon", "manager.conf");
    private readonly string directory = Path.Combine(Path.GetTempPath(), "swarm-hocon-seeds-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly List<SwarmManager> managers = [];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // The newest first: each leaves the cluster as it stops.
        for (int i = managers.Count - 1; i >= 0; i--) await managers[i].DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task A_manager_without_seed_flags_joins_the_seed_nodes_of_its_hocon_instead_of_starting_a_cluster_of_its_own()
    {
        int firstPort = LoopbackPorts.FreeRange(1);
        var first = await Start("first", firstPort, ShippedHocon);
        string hocon = Path.Combine(directory, "manager.conf");
        // Appended after the shipped file: HOCON's later definition wins, as an operator's edit of seed-nodes would.
        File.WriteAllText(hocon, File.ReadAllText(ShippedHocon) + $"\nakka.cluster.seed-nodes = [\"akka.tcp://{SwarmManager.SystemName}@127.0.0.1:{firstPort}\"]\n");
        var second = await Start("second", LoopbackPorts.FreeRange(1), hocon);

        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && !(UpMembers(first) == 2 && UpMembers(second) == 2);)
        {
            await Task.Delay(100);
        }
        Assert.Equal(2, UpMembers(first));
        Assert.Equal(2, UpMembers(second));
        Assert.True(first.IsPrimary);
        Assert.False(second.IsPrimary);
        Assert.Equal($"127.0.0.1:{firstPort}", second.PrimaryAddress);
    }

    private static int UpMembers(SwarmManager manager) => Cluster.Get(manager.System).State.Members.Count(m => m.Status == MemberStatus.Up);

    private async Task<SwarmManager> Start(string name, int clusterPort, string hoconFile)
    {
        var options = new ManagerOptions(
            new SchedulerOptions(FilterRegistry.Default, PlacementStrategy.Spread, Overcommit.Default, Seed: 1),
            new EngineSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(30)),
            StaticDiscovery.Parse(""),
            TimeSpan.FromSeconds(60),
            Path.Combine(directory, name + ".db"),
            Seeds: [],
            "127.0.0.1",
            clusterPort);
        var manager = await SwarmManager.StartAsync(options, hoconFile);
        managers.Add(manager);
        return manager;
    }
}
