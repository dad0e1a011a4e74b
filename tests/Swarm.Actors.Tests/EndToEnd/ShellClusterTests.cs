using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Three <c>swarm manage</c> processes on loopback form one cluster from <c>--seed</c> (sharing a PostgreSQL journal,
/// over two hollow engines): the shell of each lists all three; <c>cluster leave</c> on the manager running the
/// scheduler moves the scheduler to another, which goes on placing containers, and the one that left exits.
/// </summary>
public sealed class ShellClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly List<ManagerProcess> managers = [];
    private PostgresServer? postgres;
    private string store = "";
    private FarmProcess? farm;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var manager in managers)
        {
            output.WriteLine($"--- manager on {manager.Port} (last 40 lines) ---\n" + string.Join('\n', manager.Log.Split('\n').TakeLast(40)));
            await manager.DisposeAsync();
        }
        if (farm is not null) await farm.DisposeAsync();
        postgres?.Dispose();
    }

    [Fact]
    public async Task Cluster_show_lists_the_three_managers_and_leaving_the_scheduler_host_moves_the_scheduler()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Step(string what) => output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0}s {what}");
        postgres = new PostgresServer();
        store = postgres.NewDatabase().ConnectionString;
        farm = await FarmProcess.OnLoopback(2);
        var first = await Start();
        await first.WaitForHealthyNodes(2, Patience);
        Step("first manager healthy");
        string seed = $"127.0.0.1:{first.ClusterPort}";
        var joined = await Task.WhenAll(Start("--seed", seed), Start("--seed", seed));
        var (second, third) = (joined[0], joined[1]);
        Step("three managers started");
        string[] all = [.. managers.Select(Address).Order(StringComparer.Ordinal)];

        foreach (var manager in managers)
        {
            var members = await WaitFor(manager, r => r.Count == 4 && r.Skip(1).All(m => m[1] == "up"), "cluster", "show");
            Assert.Equal(all, members.Skip(1).Select(m => m[0]));
            Assert.All(members.Skip(1), m => Assert.Equal(["reachable", "manager"], m[2..]));
        }
        // The first manager is the oldest: it runs the scheduler, and every manager says so.
        Step("three members up everywhere");
        foreach (var manager in managers) Assert.Equal(Address(first), (await Records(manager, "cluster", "leader"))[1][1]);

        var leave = await first.Shell("cluster", "leave");
        Assert.True(leave.ExitCode == 0, leave.ToString());
        Assert.Equal([["ADDRESS", "STATUS"], [Address(first), "leaving"]], leave.Records);

        var leader = await WaitFor(second, r => r[1][1] != "-" && r[1][1] != Address(first), "cluster", "leader");
        string scheduler = leader[1][1];
        Assert.Contains(scheduler, new[] { Address(second), Address(third) });
        Step("scheduler moved");
        Assert.True(await first.WaitForExit(Patience), "the manager that left is still running");
        await WaitFor(third, r => r.Count == 3, "cluster", "show");
        Step("the manager that left exited and is no member");

        // The moved scheduler places containers, and says where it runs.
        var run = await third.Docker("run", "-d", "--name", "after-leave", "busybox", "sleep", "600");
        Assert.True(run.ExitCode == 0, run.ToString());
        var state = await Records(second, "scheduler", "state");
        Assert.Equal((scheduler, "1"), (state[1][0], state[1][1]));
        Assert.Equal(run.Output.Trim(), (await WaitFor(second, r => r.Count == 2, "container", "where", "after-leave"))[1][0]);
        var journal = await Records(third, "journal", "stats");
        Assert.Equal(["postgres", $"127.0.0.1:{postgres.Port}/{new Npgsql.NpgsqlConnectionStringBuilder(store).Database}", "swarm-scheduler"], journal[1][..3]);
        Assert.Equal(journal[1][3], journal[1][4]);
        Assert.True(long.Parse(journal[1][3]) >= 3, "placed, created and started are journaled: " + journal[1][3]);
        Step("a container placed after the move");
    }

    private async Task<ManagerProcess> Start(params string[] flags)
    {
        var manager = await ManagerProcess.StartAsync(farm!.Addresses, store, flags);
        lock (managers) managers.Add(manager);
        return manager;
    }

    private static string Address(ManagerProcess manager) => $"akka.tcp://swarm@127.0.0.1:{manager.ClusterPort}";

    private static async Task<List<string[]>> Records(ManagerProcess manager, params string[] words)
    {
        var result = await manager.Shell(words);
        Assert.True(result.ExitCode == 0, $"swarm cmd {string.Join(' ', words)}: {result}");
        return [.. result.Records];
    }

    // Membership and the singleton settle by gossip: ask again until the answer is the one expected.
    private static async Task<List<string[]>> WaitFor(ManagerProcess manager, Func<List<string[]>, bool> expected, params string[] words)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var result = await manager.Shell(words);
            var records = result.ExitCode == 0 ? result.Records.ToList() : [];
            if (records.Count > 1 && expected(records)) return records;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"swarm cmd {string.Join(' ', words)} did not answer as expected: {result}");
            await Task.Delay(250);
        }
    }
}
