using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>swarm join</c>, <c>swarm list</c> and <c>swarm manage</c> over <c>etcd://</c> with a real etcd (tests/etcd/etcd.sh)
/// and hollow engines: joins register, the manager sees them, a stopped join goes when its TTL runs out, and an etcd
/// that stops answering is reported while the known engines stay.
/// </summary>
public sealed class SwarmJoinEtcdTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Two_joins_are_listed_and_managed_and_a_stopped_one_goes_when_its_ttl_runs_out()
    {
        using var etcd = new EtcdServer();
        string discovery = etcd.Discovery("swarm-" + Guid.NewGuid().ToString("N")[..8]);
        string store = NewStore();
        var farm = await FarmProcess.OnLoopback(2);
        ManagerProcess? manager = null;
        var joins = new List<JoinProcess>();
        try
        {
            manager = await ManagerProcess.StartAsync([discovery], store, "--heartbeat", "1s");
            foreach (string engine in farm.Addresses) joins.Add(new JoinProcess("--advertise", engine, "--heartbeat", "1s", "--ttl", "3s", discovery));
            await manager.WaitForHealthyNodes(2, Patience);
            var info = await manager.Docker("info", "--format", "{{json .SystemStatus}}");
            foreach (string engine in farm.Addresses) Assert.Contains(engine, info.Output, StringComparison.Ordinal);
            Assert.Equal(farm.Addresses.Order(StringComparer.Ordinal), await List(discovery));
            Assert.All(joins, join => Assert.Contains("Registered 127.0.0.1:", join.Log, StringComparison.Ordinal));

            // SIGTERM leaves the key, as classic did; its lease is not renewed, so it goes after the TTL.
            Assert.Equal(0, await joins[0].Terminate());
            await Until(async () => (await List(discovery)).SequenceEqual([farm.Addresses[1]]), "the stopped join's entry to expire", manager, joins);
            await Until(async () => !(await manager.Docker("info", "--format", "{{json .SystemStatus}}")).Output.Contains(farm.Addresses[0], StringComparison.Ordinal),
                "the manager to drop the expired engine", manager, joins);
            await manager.WaitForHealthyNodes(1, Patience);
        }
        finally
        {
            await StopAll(joins, manager, farm, store);
        }
    }

    [Fact]
    public async Task An_etcd_that_stops_answering_is_reported_and_the_known_engines_stay()
    {
        var etcd = new EtcdServer();
        string discovery = etcd.Discovery("swarm-" + Guid.NewGuid().ToString("N")[..8]);
        string store = NewStore();
        var farm = await FarmProcess.OnLoopback(1);
        ManagerProcess? manager = null;
        var joins = new List<JoinProcess>();
        try
        {
            manager = await ManagerProcess.StartAsync([discovery], store, "--heartbeat", "1s");
            joins.Add(new JoinProcess("--advertise", farm.Addresses[0], "--heartbeat", "1s", "--ttl", "3s", discovery));
            await manager.WaitForHealthyNodes(1, Patience);

            etcd.Stop();
            string unavailable = $"etcd cluster is unavailable or misconfigured; error #0: {etcd.Endpoint}: Connection refused";
            // Two failed reads, so the engine list has been left alone across polls, not just between them.
            await Until(() => Task.FromResult(manager.Log.Split("Discovery error: " + unavailable).Length > 2), "the manager to report etcd twice", manager, joins);
            await Until(() => Task.FromResult(joins[0].Log.Contains("Registration failed: " + unavailable, StringComparison.Ordinal)), "the join to report etcd", manager, joins);
            Assert.False(joins[0].HasExited);
            await manager.WaitForHealthyNodes(1, Patience);

            var (code, listed, error) = await SwarmCli.Run("list", discovery);
            Assert.Equal((1, ""), (code, listed));
            Assert.StartsWith(unavailable, error, StringComparison.Ordinal);
            Assert.Equal(0, await joins[0].Terminate());
        }
        finally
        {
            etcd.Dispose();
            await StopAll(joins, manager, farm, store);
        }
    }

    private static string NewStore() => Path.Combine(Path.GetTempPath(), $"swarm-etcd-{Guid.NewGuid():N}.db");

    private static async Task<IReadOnlyList<string>> List(string discovery)
    {
        var (code, listed, error) = await SwarmCli.Run("list", discovery);
        if (code != 0) throw new InvalidOperationException($"swarm list {discovery} failed: {error}");
        return listed.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static async Task Until(Func<Task<bool>> condition, string what, ManagerProcess manager, IReadOnlyList<JoinProcess> joins)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }
        throw new InvalidOperationException($"waited in vain for {what}:\n{manager.Log}\n{string.Join('\n', joins.Select(j => j.Log))}");
    }

    private async Task StopAll(List<JoinProcess> joins, ManagerProcess? manager, FarmProcess farm, string store)
    {
        foreach (var join in joins)
        {
            output.WriteLine(join.Log);
            await join.DisposeAsync();
        }
        if (manager is not null)
        {
            output.WriteLine(manager.Log);
            await manager.DisposeAsync();
        }
        await farm.DisposeAsync();
        foreach (string path in new[] { store, store + "-wal", store + "-shm" }) File.Delete(path);
    }
}
