using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Three <c>swarm manage</c> processes sharing a PostgreSQL journal over a farm of hollow engines (simulated
/// dockerd, so the load can be high). Clients keep creating containers through the two managers that will
/// survive while the primary is killed with SIGKILL mid-stream.
/// </summary>
public sealed class ContinuousFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Engines = 20;
    private const int Clients = 6;
    private static readonly TimeSpan LoadBeforeKill = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan LoadAfterKill = TimeSpan.FromSeconds(15);

    private readonly List<ManagerProcess> managers = [];
    private PostgresServer? postgres;
    private FarmProcess? farm;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in managers)
        {
            var lines = manager.Log.Split('\n');
            // What went slow (asks repeated or given up), then the end of the log.
            output.WriteLine($"--- manager on {manager.Port}: repeated and unanswered asks ---\n" +
                             string.Join('\n', lines.Where(l => l.Contains("asking again") || l.Contains("no answer") || l.Contains("Timeout after")).Take(60)));
            output.WriteLine($"--- manager on {manager.Port} (last 40 lines) ---\n" + string.Join('\n', lines.TakeLast(40)));
            await manager.DisposeAsync();
        }
        if (farm is not null) await farm.DisposeAsync();
        postgres?.Dispose();
    }

    [Fact]
    public async Task Killing_the_primary_mid_stream_loses_no_acknowledged_placement_and_doubles_none()
    {
        postgres = new PostgresServer();
        farm = await FarmProcess.OnLoopback(Engines);
        string store = postgres.NewDatabase().ConnectionString;
        var primary = await Start(store);
        await primary.WaitForHealthyNodes(Engines);
        var second = await Start(store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
        var third = await Start(store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
        await second.WaitForHealthyNodes(Engines);
        await third.WaitForHealthyNodes(Engines);
        // Engine actors are sharded: each engine watched by one manager, the engines spread over the managers.
        await WaitForEngineHomes(third, homes => homes.Distinct().Count() >= 2, "spread over the managers");

        var load = PlacementLoad.Start([second, third], Clients);
        await Task.Delay(LoadBeforeKill);
        int beforeKill = load.Acknowledged.Count;
        primary.Crash();
        var killedAt = load.Elapsed;
        await Task.Delay(LoadAfterKill);
        await load.StopAsync();

        // A create the cluster could not answer within the API's 60 s comes back 500 ("try again"): rare, and never
        // a lie (checked below: nothing acknowledged is lost, nothing is made twice). More than a handful is a defect.
        output.WriteLine($"{load.Refused.Count} creates answered 500:\n" + string.Join('\n', load.Refused.Take(20)));
        Assert.True(load.Refused.Count <= 2, "refused during failover:\n" + string.Join('\n', load.Refused.Take(20)));
        var failover = load.FirstAcknowledgedAfter(killedAt);
        Assert.NotNull(failover);
        var acknowledged = load.Acknowledged;
        output.WriteLine($"{acknowledged.Count} placements acknowledged ({beforeKill} before the kill); " +
                         $"first placement sent after SIGKILL of the primary acknowledged {failover.Value.TotalSeconds:F1}s after it");

        // Every acknowledged container exists exactly once, on the engines themselves: none lost, none made twice.
        var onEngines = await load.SwarmIdsOnEngines(farm.Addresses);
        var duplicates = onEngines.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.All(acknowledged.Values, ack => Assert.Contains(ack.Id, onEngines));
        // Besides the acknowledged ones, at most the creates that were answered 500 may have been made (once each).
        Assert.InRange(onEngines.Count, acknowledged.Count, acknowledged.Count + load.Refused.Count);

        // The killed manager's engines are watched again, by the survivors, each by one.
        string killed = $"127.0.0.1:{primary.ClusterPort}";
        await WaitForEngineHomes(third, homes => homes.All(home => !home.EndsWith(killed, StringComparison.Ordinal)), "moved off the killed manager");

        // The recovered state holds every container the engines have, and nothing more than the refused creates may add.
        using (var state = JsonDocument.Parse(await third.StateDigest()))
        {
            Assert.InRange(state.RootElement.GetProperty("Containers").GetInt32(), onEngines.Count, acknowledged.Count + load.Refused.Count);
        }
        await AssertListed(third, acknowledged.Values.Select(a => a.Id).ToHashSet());
    }

    private async Task<ManagerProcess> Start(string store, params string[] flags)
    {
        var manager = await ManagerProcess.StartAsync(farm!.Addresses, store, flags);
        managers.Add(manager);
        return manager;
    }

    /// <summary>Waits until every engine is healthy and watched by exactly one manager, and <paramref name="condition"/> holds for the list of their managers.</summary>
    private static async Task WaitForEngineHomes(ManagerProcess manager, Func<List<string>, bool> condition, string what)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await http.GetStringAsync($"http://127.0.0.1:{manager.Port}/_swarm/engines");
            using var listed = JsonDocument.Parse(last);
            var engines = listed.RootElement.EnumerateArray().ToList();
            var homes = engines.Select(e => e.GetProperty("Managers").EnumerateArray().Select(m => m.GetString()!).ToList()).ToList();
            if (engines.Count == Engines && engines.All(e => e.GetProperty("Status").GetString() == "Healthy") && homes.All(h => h.Count == 1)
                && condition([.. homes.Select(h => h[0])])) return;
            await Task.Delay(500);
        }
        Assert.Fail($"engines not {what}: {last}");
    }

    // ps is built from what engines report; the last creates may take a refresh to show.
    private static async Task AssertListed(ManagerProcess manager, HashSet<string> ids)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var listed = JsonDocument.Parse(await http.GetStringAsync($"http://127.0.0.1:{manager.Port}/containers/json?all=1"));
            var shown = listed.RootElement.EnumerateArray().Select(c => c.GetProperty("Id").GetString()!).ToList();
            var missing = ids.Where(id => !shown.Contains(id)).ToList();
            if (missing.Count == 0)
            {
                Assert.Equal(shown.Count, shown.Distinct().Count());
                return;
            }
            if (DateTime.UtcNow > deadline) Assert.Fail($"{missing.Count} acknowledged containers not listed, e.g. {missing[0]}");
            await Task.Delay(500);
        }
    }
}
