using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>The unmodified docker CLI against a real <c>swarm manage</c> process over three real engines.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class DockerCliTests(RealEngines engines, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-e2e-{Guid.NewGuid():N}.db");
    private ManagerProcess manager = null!;

    public async Task InitializeAsync() => manager = await StartManager();

    public async Task DisposeAsync()
    {
        output.WriteLine(manager.Log);
        await manager.DisposeAsync();
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task Docker_info_shows_classics_cluster_tree()
    {
        var info = await manager.Docker("info");
        Assert.Equal(0, info.ExitCode);
        foreach (string line in new[]
                 {
                     "Role: primary", "Strategy: spread", "Filters: health, port, containerslots, dependency, affinity, constraint, whitelist",
                     "Nodes: 3", "node-1: " + engines[1].Address, "└ Status: Healthy", "└ Reserved CPUs: ", "└ ServerVersion: 20.10",
                 })
        {
            Assert.Contains(line, info.Output);
        }
        Assert.Contains("region=eu", info.Output.Split('\n').Single(l => l.Contains("└ Labels") && l.Contains("region")));
        Assert.Equal(3, info.Output.Split('\n').Count(l => l.Contains("└ Status: Healthy")));
    }

    [Fact]
    public async Task Docker_run_ps_stop_and_rm_drive_containers_across_the_cluster_by_virtual_id()
    {
        string name = "e2e-" + Guid.NewGuid().ToString("N")[..6];
        var run = await manager.Docker("run", "-d", "--name", name, "-e", "constraint:node==node-2", "busybox", "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Error);
        string id = run.Output.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);

        var ps = await manager.Docker("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}");
        Assert.Contains($"{id} node-2/{name} Up", ps.Output);
        var onEngine = await DockerCli.Run("tcp://" + engines[2].Address, "inspect", "--format", "{{index .Config.Labels \"com.docker.swarm.id\"}}", name);
        Assert.Equal(id, onEngine.Output);

        var conflict = await manager.Docker("run", "-d", "--name", name, "busybox", "true");
        Assert.NotEqual(0, conflict.ExitCode);
        Assert.Contains($"Conflict: The name {name} is already assigned.", conflict.Error);
        var nowhere = await manager.Docker("run", "-d", "-e", "constraint:region==mars", "busybox", "true");
        Assert.NotEqual(0, nowhere.ExitCode);
        Assert.Contains("Unable to find a node that satisfies the following conditions \n[available container slots]\n[region==mars]", nowhere.Error);

        Assert.Equal(0, (await manager.Docker("stop", "-t", "0", id[..12])).ExitCode);
        Assert.Contains($"node-2/{name} Exited", (await manager.Docker("ps", "-a", "--format", "{{.Names}} {{.Status}}")).Output);
        Assert.Equal(0, (await manager.Docker("rm", name)).ExitCode);
        Assert.DoesNotContain(name, (await DockerCli.Run("tcp://" + engines[2].Address, "ps", "-a", "--format", "{{.Names}}")).Output);
    }

    [Fact]
    public async Task The_state_survives_a_manager_restart()
    {
        string name = "keep-" + Guid.NewGuid().ToString("N")[..6];
        var run = await manager.Docker("run", "-d", "--name", name, "busybox", "sleep", "300");
        Assert.True(run.ExitCode == 0, run.Error);
        await manager.DisposeAsync();

        manager = await StartManager();
        Assert.Contains($"{run.Output} ", (await manager.Docker("ps", "--no-trunc", "--format", "{{.ID}} {{.Names}}")).Output);
        var again = await manager.Docker("run", "-d", "--name", name, "busybox", "true");
        Assert.Contains($"Conflict: The name {name} is already assigned.", again.Error);
        Assert.Equal(0, (await manager.Docker("rm", "-f", name)).ExitCode);
    }

    [Fact]
    public async Task A_restarted_manager_forgets_containers_removed_on_their_engine_and_adopts_ones_made_there_with_a_swarm_id()
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        string removedName = "vanish-" + run, adoptedName = "adopt-" + run, removedLive = "gone-" + run;
        var created = await manager.Docker("create", "--name", removedName, "-e", "constraint:node==node-1", "busybox", "true");
        Assert.True(created.ExitCode == 0, created.Error);
        var live = await manager.Docker("create", "--name", removedLive, "-e", "constraint:node==node-3", "busybox", "true");
        Assert.True(live.ExitCode == 0, live.Error);

        // Removed on its engine while the manager runs: the engine's event frees the name at once.
        Assert.Equal(0, (await DockerCli.Run(engines[3].Address, "rm", removedLive)).ExitCode);
        await AssertEventually(async () => (await manager.Docker("create", "--name", removedLive, "busybox", "true")).ExitCode == 0, $"{removedLive} free again");

        // While no manager runs: one container removed on its engine, one made there with a swarm ID of its own.
        await manager.DisposeAsync();
        Assert.Equal(0, (await DockerCli.Run(engines[1].Address, "rm", removedName)).ExitCode);
        string adoptedId = string.Concat(Enumerable.Repeat(run, 11))[..64];
        Assert.Equal(0, (await DockerCli.Run(engines[2].Address, "create", "--name", adoptedName, "--label", "com.docker.swarm.id=" + adoptedId, "busybox", "sleep", "300")).ExitCode);

        manager = await StartManager();
        await AssertEventually(async () => (await manager.Docker("create", "--name", removedName, "busybox", "true")).ExitCode == 0, $"{removedName} free again");
        // The adopted container is the cluster's now: its name is taken, and the manager drives it by its swarm ID.
        var conflict = await manager.Docker("create", "--name", adoptedName, "busybox", "true");
        Assert.Contains($"Conflict: The name {adoptedName} is already assigned.", conflict.Error);
        Assert.Equal(0, (await manager.Docker("start", adoptedId)).ExitCode);
        Assert.Equal("true", (await DockerCli.Run(engines[2].Address, "inspect", "--format", "{{.State.Running}}", adoptedName)).Output);
        Assert.Equal(0, (await manager.Docker("rm", "-f", adoptedId)).ExitCode);
        await manager.Docker("rm", "-f", removedName, removedLive);
    }

    [Fact]
    public async Task Docker_ps_filters_by_name_label_status_node_id_and_limit_across_the_cluster()
    {
        string tag = Guid.NewGuid().ToString("N")[..6];
        string up = "f-up-" + tag, down = "f-down-" + tag;
        try
        {
            var run = await manager.Docker("run", "-d", "--name", up, "-l", "filter-test=" + tag, "-e", "constraint:node==node-3", "busybox", "sleep", "300");
            Assert.True(run.ExitCode == 0, run.Error);
            string upId = run.Output.Trim();
            Assert.Equal(0, (await manager.Docker("run", "-d", "--name", down, "-l", "filter-test=" + tag, "-e", "constraint:node==node-1", "busybox", "sh", "-c", "exit 3")).ExitCode);
            await AssertEventually(async () => (await manager.Docker("ps", "-a", "--filter", "name=" + down, "--format", "{{.Status}}")).Output.StartsWith("Exited (3)", StringComparison.Ordinal), "exited");

            async Task<string[]> Names(params string[] flags) =>
                [.. (await manager.Docker(["ps", .. flags, "--format", "{{.Names}}"])).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order()];
            Assert.Equal([$"node-3/{up}"], await Names("--filter", "label=filter-test=" + tag));
            Assert.Equal([$"node-1/{down}", $"node-3/{up}"], await Names("-a", "--filter", "label=filter-test=" + tag));
            Assert.Equal([$"node-1/{down}"], await Names("--filter", "status=exited", "--filter", "label=filter-test=" + tag));
            Assert.Equal([$"node-1/{down}"], await Names("-a", "--filter", "exited=3", "--filter", "name=" + tag));
            Assert.Equal([$"node-3/{up}"], await Names("--filter", "node=node-3", "--filter", "name=" + tag));
            Assert.Equal([$"node-3/{up}"], await Names("--filter", "id=" + upId[..10]));
            Assert.Single(await Names("-n", "1"));

            var bad = await manager.Docker("ps", "--filter", "colour=red");
            Assert.NotEqual(0, bad.ExitCode);
            Assert.Contains("invalid filter 'colour'", bad.Error);
        }
        finally
        {
            await manager.Docker("rm", "-f", up, down);
        }
    }

    [Fact]
    public async Task Affinities_ports_and_resources_decide_where_docker_run_lands()
    {
        string tag = Guid.NewGuid().ToString("N")[..6];
        string anchor = "anchor-" + tag, near = "near-" + tag, away = "away-" + tag, network = "ports-" + tag;
        var names = new List<string> { anchor, near, away };
        try
        {
            async Task<string> NodeOf(string container) => (await manager.Docker("inspect", "--format", "{{.Node.Name}}", container)).Output;
            async Task Run(params string[] arguments)
            {
                var run = await manager.Docker(["run", "-d", .. arguments, "busybox", "sleep", "300"]);
                Assert.True(run.ExitCode == 0, run.ToString());
            }

            await Run("--name", anchor, "-e", "constraint:node==node-2");
            await Run("--name", near, "-e", "affinity:container==" + anchor);
            await Run("--name", away, "-e", "affinity:container!=" + anchor);
            Assert.Equal("node-2", await NodeOf(near));
            Assert.NotEqual("node-2", await NodeOf(away));

            // One host port per node: the same published port three times fills the three nodes, the fourth has nowhere
            // to go. Created, not started: the test engines share this machine's ports, real nodes would not.
            Assert.Equal(0, (await manager.Docker("network", "create", network)).ExitCode);
            int port = LoopbackPorts.Free();
            for (int i = 1; i <= 3; i++)
            {
                names.Add($"port{i}-{tag}");
                var created = await manager.Docker("create", "--name", names[^1], "--net", network, "-p", $"{port}:8080", "busybox", "sleep", "300");
                Assert.True(created.ExitCode == 0, created.ToString());
            }
            Assert.Equal(["node-1", "node-2", "node-3"], (await Task.WhenAll(names.TakeLast(3).Select(NodeOf))).Order());
            var fourth = await manager.Docker("create", "--net", network, "-p", $"{port}:8080", "busybox", "sleep", "300");
            Assert.NotEqual(0, fourth.ExitCode);
            Assert.Contains("Unable to find a node that satisfies the following conditions", fourth.Error);
            Assert.Contains($"[port {port} (Bridge mode)]", fourth.Error);

            // More memory than any node has: classic's resources error.
            var tooBig = await manager.Docker("run", "-d", "-m", "4096g", "busybox", "true");
            Assert.NotEqual(0, tooBig.ExitCode);
            Assert.Contains("no resources available to schedule container", tooBig.Error);
        }
        finally
        {
            await manager.Docker(["rm", "-f", .. names]);
            await manager.Docker("network", "rm", network);
        }
    }

    private static async Task AssertEventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"not {what} within 30 s");
            await Task.Delay(500);
        }
    }

    private Task<ManagerProcess> StartManager() =>
        ManagerProcess.StartHealthy([engines[1].Address, engines[2].Address, engines[3].Address], store);
}
