using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary><c>docker volume create/ls/inspect/rm</c> through a manager over three real engines, with classic's <c>node/name</c>.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class VolumeCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    [Fact]
    public async Task A_volume_is_made_on_every_node_or_on_the_one_named_and_listed_as_node_slash_name()
    {
        string everywhere = "vol-" + Guid.NewGuid().ToString("N")[..6], pinned = "pin-" + Guid.NewGuid().ToString("N")[..6];
        var created = await Manager.Docker("volume", "create", everywhere);
        Assert.True(created.ExitCode == 0, created.Error);
        Assert.Equal(everywhere, created.Output.Trim());
        Assert.Equal(0, (await Manager.Docker("volume", "create", "node-2/" + pinned)).ExitCode);

        for (int node = 1; node <= 3; node++)
        {
            var onEngine = (await DockerCli.Run(Engines[node].Address, "volume", "ls", "--format", "{{.Name}}")).Output.Split('\n');
            Assert.Contains(everywhere, onEngine);
            Assert.Equal(node == 2, onEngine.Contains(pinned));
        }
        var listed = (await Manager.Docker("volume", "ls", "--format", "{{.Name}}")).Output.Split('\n');
        Assert.Equal(["node-1/" + everywhere, "node-2/" + everywhere, "node-3/" + everywhere], listed.Where(l => l.EndsWith(everywhere, StringComparison.Ordinal)).Order());
        Assert.Equal(["node-2/" + pinned], listed.Where(l => l.EndsWith(pinned, StringComparison.Ordinal)));
        Assert.Equal("node-2/" + pinned, (await Manager.Docker("volume", "inspect", "--format", "{{.Name}}", "node-2/" + pinned)).Output);

        Assert.Equal(0, (await Manager.Docker("volume", "rm", everywhere)).ExitCode);
        Assert.Equal(0, (await Manager.Docker("volume", "rm", "node-2/" + pinned)).ExitCode);
        Assert.DoesNotContain((await Manager.Docker("volume", "ls", "--format", "{{.Name}}")).Output.Split('\n'), l => l.EndsWith(everywhere, StringComparison.Ordinal) || l.EndsWith(pinned, StringComparison.Ordinal));
        var missing = await Manager.Docker("volume", "rm", everywhere);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no such volume", missing.Error);
    }

    [Fact]
    public async Task A_whitelist_label_chooses_the_nodes_ls_filters_by_node_and_prune_empties_every_node()
    {
        string listed = "wl-" + Guid.NewGuid().ToString("N")[..6], tag = Guid.NewGuid().ToString("N")[..6];
        var created = await Manager.Docker("volume", "create", "--label", "com.docker.swarm.whitelists=[\"node==node-1|node-3\"]", "--label", "prune-test=" + tag, listed);
        Assert.True(created.ExitCode == 0, created.Error);
        var names = (await Manager.Docker("volume", "ls", "--filter", "name=" + listed, "--format", "{{.Name}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["node-1/" + listed, "node-3/" + listed], names.Order());
        Assert.Equal(["node-3/" + listed], (await Manager.Docker("volume", "ls", "--filter", "node=node-3", "--filter", "name=" + listed, "--format", "{{.Name}}")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

        var pruned = await Manager.Docker("volume", "prune", "-f", "--filter", "label=prune-test=" + tag);
        Assert.True(pruned.ExitCode == 0, pruned.Error);
        Assert.Contains("node-1/" + listed, pruned.Output);
        Assert.Contains("node-3/" + listed, pruned.Output);
        Assert.Equal("", (await Manager.Docker("volume", "ls", "--filter", "name=" + listed, "--format", "{{.Name}}")).Output);

        var bad = await Manager.Docker("volume", "create", "--label", "com.docker.swarm.whitelists=node-1", "x-" + tag);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("Invalid label com.docker.swarm.whitelists", bad.Error);
    }
}
