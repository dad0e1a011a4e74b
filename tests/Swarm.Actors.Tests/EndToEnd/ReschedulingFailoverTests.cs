using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// The primary manager is killed (SIGKILL) while it reschedules 30 containers off a failed engine: the new primary
/// finishes the moves from the journal, and every container ends up running exactly once. Three managers share a
/// PostgreSQL journal over a farm of hollow (simulated) engines with 1 s of latency per call, so the moves take long
/// enough to be cut in the middle.
/// </summary>
public sealed class ReschedulingFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Containers = 30;
    private const string Prefix = "mv-";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly List<ManagerProcess> managers = [];
    private PostgresServer? postgres;
    private FarmProcess? farm;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in managers)
        {
            output.WriteLine($"--- manager on {manager.Port} (last 60 lines) ---\n" + string.Join('\n', manager.Log.Split('\n').TakeLast(60)));
            await manager.DisposeAsync();
        }
        if (farm is not null) await farm.DisposeAsync();
        postgres?.Dispose();
    }

    [Fact]
    public async Task A_new_primary_finishes_a_rescheduling_the_old_one_was_killed_in_the_middle_of()
    {
        postgres = new PostgresServer();
        farm = await FarmProcess.OnLoopback(4, "--latency", "1s");
        string store = postgres.NewDatabase().ConnectionString;
        var primary = await Start(store);
        await primary.WaitForHealthyNodes(4, Patience);
        var second = await Start(store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
        var third = await Start(store, "--seed", $"127.0.0.1:{primary.ClusterPort}");
        await second.WaitForHealthyNodes(4, Patience);
        await third.WaitForHealthyNodes(4, Patience);

        var ids = new HashSet<string>();
        // A few at a time: each takes two one-second engine calls, and a 2-core CI machine runs other tests meanwhile.
        await Parallel.ForEachAsync(Enumerable.Range(1, Containers), new ParallelOptions { MaxDegreeOfParallelism = 5 }, async (i, _) =>
        {
            var run = await second.Docker("run", "-d", "--name", Prefix + i, "-e", "reschedule:on-node-failure", "-e", "constraint:node==~hollow-1", "busybox", "sleep", "600");
            Assert.True(run.ExitCode == 0, run.ToString());
            lock (ids) ids.Add(run.Output.Trim());
        });
        // ps shows what engines reported; with their latency that takes a moment.
        await WaitUntil(async () => (await RunningOn(second)).Count(r => r.Node == "hollow-1") == Containers, "every container to run on hollow-1");

        await farm.SetFault(1, "refuse");
        // Kill the primary the moment it decides the moves: with a second per engine call, no container can be
        // created elsewhere yet, so the whole rescheduling is left to the new primary, from what reached the journal.
        var deadline = DateTime.UtcNow + Patience;
        while (!primary.Log.Contains("Rescheduling container", StringComparison.Ordinal) && DateTime.UtcNow < deadline) await Task.Delay(10);
        primary.Crash();
        int doneAtKill = managers.Sum(m => CountOf(m.Log, "Rescheduled container"));
        output.WriteLine($"primary killed after deciding {CountOf(primary.Log, "Rescheduling container")} moves, {doneAtKill} of {Containers} created elsewhere");
        Assert.True(doneAtKill < Containers, "every move was done before the kill: nothing was left for the new primary");

        await WaitUntil(async () =>
        {
            var running = await RunningOn(third);
            return running.Count(r => r.Node != "hollow-1") == Containers;
        }, "every container to run on another node");

        // On the engines themselves: each container once on the healthy engines; back, hollow-1's stale copies go.
        var onHealthy = await SwarmIdsOn(farm.Addresses.Skip(1));
        Assert.Equal(ids.Order(), onHealthy.Order());
        await farm.SetFault(1, "none");
        await WaitUntil(async () => (await SwarmIdsOn([farm.Addresses[0]])).Count == 0, "hollow-1's stale copies to be removed");
        Assert.Equal(ids.Order(), (await SwarmIdsOn(farm.Addresses)).Order());
        using var state = JsonDocument.Parse(await third.StateDigest());
        Assert.Equal(Containers, state.RootElement.GetProperty("Containers").GetInt32());
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "", StringComparison.Ordinal).Length) / what.Length;

    private async Task<ManagerProcess> Start(string store, params string[] flags)
    {
        var manager = await ManagerProcess.StartAsync(farm!.Addresses, store, flags);
        managers.Add(manager);
        return manager;
    }

    private static async Task<List<(string Node, string Name)>> RunningOn(ManagerProcess manager) => await Listed(manager, all: false);

    private static async Task<List<(string Node, string Name)>> Listed(ManagerProcess manager, bool all)
    {
        var ps = await manager.Docker(all ? ["ps", "-a", "--format", "{{.Names}}"] : ["ps", "--format", "{{.Names}}"]);
        return [.. ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('/'))
            .Where(parts => parts.Length == 2 && parts[1].StartsWith(Prefix, StringComparison.Ordinal))
            .Select(parts => (parts[0], parts[1]))];
    }

    private static Task<List<string>> SwarmIdsOn(IEnumerable<string> engineAddresses) => PlacementLoad.SwarmIdsOnEngines(engineAddresses, Prefix);

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"waited {Patience.TotalSeconds}s for {what}; ps -a: {string.Join(", ", await Listed(managers[^1], all: true))}");
    }
}
