using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>docker network …</c> through a manager over three real engines, with classic's <c>node/name</c>. The engines run
/// with <c>--bridge=none</c> (engines.sh), so dockerd's default <c>bridge</c> network does not exist there: each has
/// <c>host</c> and <c>none</c>. User-defined bridge networks do work: the engines share the host's network namespace
/// and each picks a subnet no other bridge on the host uses.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class NetworkCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Network_ls_shows_every_nodes_networks_as_node_slash_name_and_filters_by_node()
    {
        var listed = await Manager.Docker("network", "ls", "--no-trunc", "--format", "{{.ID}} {{.Name}}");
        Assert.True(listed.ExitCode == 0, listed.Error);
        var rows = listed.Output.Split('\n').Select(l => l.Split(' ')).ToDictionary(f => f[1], f => f[0]);
        for (int node = 1; node <= 3; node++)
        {
            foreach (string name in new[] { "host", "none" })
            {
                string onEngine = (await DockerCli.Run(Engines[node].Address, "network", "inspect", "--format", "{{.Id}}", name)).Output;
                Assert.Equal(onEngine, rows[$"node-{node}/{name}"]);
            }
        }
        Assert.DoesNotContain(rows.Keys, name => !name.StartsWith("node-", StringComparison.Ordinal));

        var onNode2 = (await Manager.Docker("network", "ls", "--filter", "node=node-2", "--format", "{{.Name}}")).Output.Split('\n');
        Assert.Contains("node-2/host", onNode2);
        Assert.All(onNode2, name => Assert.StartsWith("node-2/", name));

        var badType = await Manager.Docker("network", "ls", "--filter", "type=foo");
        Assert.NotEqual(0, badType.ExitCode);
        Assert.Contains("invalid filter: 'type'='foo'", badType.Error);
    }

    [Fact]
    public async Task A_bare_name_is_created_on_every_node_and_node_slash_name_only_on_that_node()
    {
        string everywhere = Unique("net"), pinned = Unique("pin");
        try
        {
            var created = await Manager.Docker("network", "create", everywhere);
            Assert.True(created.ExitCode == 0, created.Error);
            Assert.Equal(0, (await Manager.Docker("network", "create", "node-2/" + pinned)).ExitCode);

            for (int node = 1; node <= 3; node++)
            {
                var onEngine = (await DockerCli.Run(Engines[node].Address, "network", "ls", "--format", "{{.Name}}")).Output.Split('\n');
                Assert.Contains(everywhere, onEngine);
                Assert.Equal(node == 2, onEngine.Contains(pinned));
            }
            // The ID answered is node-1's copy, which is also what inspect of the bare name shows.
            string node1Id = (await DockerCli.Run(Engines[1].Address, "network", "inspect", "--format", "{{.Id}}", everywhere)).Output;
            Assert.Equal(node1Id, created.Output);
            Assert.Equal($"node-1/{everywhere} {node1Id}", (await Manager.Docker("network", "inspect", "--format", "{{.Name}} {{.Id}}", everywhere)).Output);
            string node3Id = (await DockerCli.Run(Engines[3].Address, "network", "inspect", "--format", "{{.Id}}", everywhere)).Output;
            Assert.Equal("node-3/" + everywhere, (await Manager.Docker("network", "inspect", "--format", "{{.Name}}", node3Id[..12])).Output);
            Assert.Equal("node-2/" + pinned, (await Manager.Docker("network", "inspect", "--format", "{{.Name}}", pinned)).Output);
            Assert.Equal("node-2/" + pinned, (await Manager.Docker("network", "inspect", "--format", "{{.Name}}", "node-2/" + pinned)).Output);

            var listed = (await Manager.Docker("network", "ls", "--format", "{{.Name}}")).Output.Split('\n');
            Assert.Equal(["node-1/" + everywhere, "node-2/" + everywhere, "node-3/" + everywhere], listed.Where(l => l.EndsWith(everywhere, StringComparison.Ordinal)).Order());
            Assert.Equal(["node-2/" + pinned], listed.Where(l => l.EndsWith(pinned, StringComparison.Ordinal)));

            Assert.Equal(0, (await Manager.Docker("network", "rm", everywhere)).ExitCode);
            Assert.Equal(0, (await Manager.Docker("network", "rm", "node-2/" + pinned)).ExitCode);
            for (int node = 1; node <= 3; node++)
            {
                string onEngine = (await DockerCli.Run(Engines[node].Address, "network", "ls", "--format", "{{.Name}}")).Output;
                Assert.DoesNotContain(everywhere, onEngine);
                Assert.DoesNotContain(pinned, onEngine);
            }
            var missing = await Manager.Docker("network", "rm", everywhere);
            Assert.NotEqual(0, missing.ExitCode);
            Assert.Contains($"network {everywhere} not found", missing.Error);
        }
        finally
        {
            await RemoveEverywhere(everywhere, pinned);
        }
    }

    [Fact]
    public async Task A_container_runs_on_a_network_made_through_the_manager_and_is_connected_and_disconnected_by_name()
    {
        string first = Unique("run"), second = Unique("join"), container = Unique("web");
        try
        {
            Assert.Equal(0, (await Manager.Docker("network", "create", first)).ExitCode);
            Assert.Equal(0, (await Manager.Docker("network", "create", second)).ExitCode);
            var run = await Manager.Docker("run", "-d", "--pull", "never", "--name", container, "--network", first, "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.Error);
            string virtualId = run.Output;
            string node = (await Manager.Docker("inspect", "--format", "{{.Node.Name}}", container)).Output;
            Assert.Equal([first], await NetworksOf(container));

            var connected = await Manager.Docker("network", "connect", second, container);
            Assert.True(connected.ExitCode == 0, connected.Error);
            Assert.Equal(new[] { first, second }.Order(), await NetworksOf(container));
            // The node's copy lists the container under the ID users see.
            Assert.Contains(virtualId, (await Manager.Docker("network", "inspect", "--format", "{{json .Containers}}", $"{node}/{second}")).Output);

            var disconnected = await Manager.Docker("network", "disconnect", second, container);
            Assert.True(disconnected.ExitCode == 0, disconnected.Error);
            Assert.Equal([first], await NetworksOf(container));
            var again = await Manager.Docker("network", "disconnect", second, container);
            Assert.NotEqual(0, again.ExitCode);
            Assert.Contains($"container {container} is not connected to network {second}", again.Error);

            var noContainer = await Manager.Docker("network", "connect", second, "no-such-" + container);
            Assert.NotEqual(0, noContainer.ExitCode);
            Assert.Contains("No such container", noContainer.Error);
            var noNetwork = await Manager.Docker("network", "connect", "no-such-" + second, container);
            Assert.NotEqual(0, noNetwork.ExitCode);
            Assert.Contains($"network no-such-{second} not found", noNetwork.Error);
        }
        finally
        {
            await Manager.Docker("rm", "-f", container);
            await RemoveEverywhere(first, second);
        }
    }

    [Fact]
    public async Task Prune_removes_unused_networks_on_every_node_and_names_them_per_node()
    {
        string label = "swarm-test=" + Guid.NewGuid().ToString("N"), pruned = Unique("prune"), kept = Unique("keep");
        try
        {
            Assert.Equal(0, (await Manager.Docker("network", "create", "--label", label, pruned)).ExitCode);
            Assert.Equal(0, (await Manager.Docker("network", "create", "node-1/" + kept)).ExitCode);

            var prune = await Manager.Docker("network", "prune", "--force", "--filter", "label=" + label);
            Assert.True(prune.ExitCode == 0, prune.Error);
            Assert.Equal(["node-1/" + pruned, "node-2/" + pruned, "node-3/" + pruned], prune.Output.Split('\n').Where(l => l.Contains(pruned, StringComparison.Ordinal)).Order());
            Assert.DoesNotContain(kept, prune.Output);

            var listed = (await Manager.Docker("network", "ls", "--format", "{{.Name}}")).Output.Split('\n');
            Assert.DoesNotContain(listed, l => l.EndsWith(pruned, StringComparison.Ordinal));
            Assert.Contains("node-1/" + kept, listed);
        }
        finally
        {
            await RemoveEverywhere(pruned, kept);
        }
    }

    [Fact]
    public async Task Unknown_networks_bad_drivers_duplicates_and_unknown_nodes_are_refused_with_docker_errors()
    {
        string missing = Unique("nope"), duplicate = Unique("dup"), partial = Unique("part");
        try
        {
            var inspect = await Manager.Docker("network", "inspect", missing);
            Assert.NotEqual(0, inspect.ExitCode);
            Assert.Contains($"network {missing} not found", inspect.Error);
            // dockerd's own networks exist on every node: a bare name is ambiguous there, as in classic.
            Assert.NotEqual(0, (await Manager.Docker("network", "inspect", "host")).ExitCode);

            var badDriver = await Manager.Docker("network", "create", "--driver", "no-such-driver", missing);
            Assert.NotEqual(0, badDriver.ExitCode);
            Assert.Contains("plugin \"no-such-driver\" not found", badDriver.Error);

            Assert.Equal(0, (await Manager.Docker("network", "create", duplicate)).ExitCode);
            var twice = await Manager.Docker("network", "create", duplicate);
            Assert.NotEqual(0, twice.ExitCode);
            Assert.Contains($"network with name {duplicate} already exists", twice.Error);

            // Taken on one node: refused, and not left behind on the others.
            Assert.Equal(0, (await Manager.Docker("network", "create", "node-3/" + partial)).ExitCode);
            var conflict = await Manager.Docker("network", "create", partial);
            Assert.NotEqual(0, conflict.ExitCode);
            Assert.Contains("already exists", conflict.Error);
            for (int node = 1; node <= 3; node++)
            {
                var onEngine = (await DockerCli.Run(Engines[node].Address, "network", "ls", "--format", "{{.Name}}")).Output.Split('\n');
                Assert.Equal(node == 3, onEngine.Contains(partial));
                Assert.DoesNotContain(missing, onEngine);
            }

            var unknownNode = await Manager.Docker("network", "create", "node-9/" + missing);
            Assert.NotEqual(0, unknownNode.ExitCode);
            Assert.Contains("No such node: node-9", unknownNode.Error);
        }
        finally
        {
            await RemoveEverywhere(missing, duplicate, partial);
        }
    }

    [Fact]
    public async Task A_container_on_a_node_scoped_network_lands_on_that_node_as_classic_placed_it()
    {
        string pinned = Unique("pin"), container = Unique("web");
        try
        {
            Assert.Equal(0, (await Manager.Docker("network", "create", "node-3/" + pinned)).ExitCode);
            var run = await Manager.Docker("run", "-d", "--pull", "never", "--name", container, "--network", "node-3/" + pinned, "busybox", "sleep", "60");
            Assert.True(run.ExitCode == 0, run.Error);
            Assert.Equal("node-3", (await Manager.Docker("inspect", "--format", "{{.Node.Name}}", container)).Output);
            Assert.Equal([pinned], await NetworksOf(container));
        }
        finally
        {
            await Manager.Docker("rm", "-f", container);
            await RemoveEverywhere(pinned);
        }
    }

    private async Task<string[]> NetworksOf(string container) =>
        [.. (await Manager.Docker("inspect", "--format", "{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", container)).Output.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order()];

    // Straight on the engines, so a failing test leaves nothing behind for the next one.
    private async Task RemoveEverywhere(params string[] names)
    {
        for (int node = 1; node <= 3; node++)
        {
            var present = (await DockerCli.Run(Engines[node].Address, "network", "ls", "--format", "{{.Name}}")).Output.Split('\n');
            foreach (string name in names.Where(present.Contains)) await DockerCli.Run(Engines[node].Address, "network", "rm", name);
        }
    }
}
