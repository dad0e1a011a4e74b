using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// <c>docker node ls/inspect/update --availability</c> through a manager over three real engines (no swarm mode on
/// them): pause keeps new containers off a node, drain also moves its <c>on-node-failure</c> containers elsewhere
/// with the same ID, active lets containers in again; <c>docker info</c> shows each node's availability.
/// </summary>
[Collection(RealEnginesCollection.Name)]
public sealed class NodeCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Node_ls_and_inspect_show_each_engine_as_a_ready_active_worker()
    {
        var ls = await Manager.Docker("node", "ls");
        Assert.True(ls.ExitCode == 0, ls.ToString());
        var lines = ls.Output.Split('\n');
        Assert.Equal(["ID", "HOSTNAME", "STATUS", "AVAILABILITY", "MANAGER", "STATUS", "ENGINE", "VERSION"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var rows = lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Equal(["node-1", "node-2", "node-3"], rows.Select(r => r[1]));
        Assert.All(rows, r =>
        {
            Assert.Matches("^[0-9a-z]{25}$", r[0]);
            Assert.Equal(["Ready", "Active"], r[2..4]);
            Assert.StartsWith("20.10", r[4]);
        });
        Assert.Equal(3, rows.Select(r => r[0]).Distinct().Count());

        string id = rows[1][0];
        const string format = "{{.ID}} {{.Description.Hostname}} {{.Spec.Role}} {{.Spec.Availability}} {{.Status.State}} {{.Status.Addr}}";
        var inspect = await Manager.Docker("node", "inspect", "node-2", "--format", format);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Equal($"{id} node-2 worker active ready {Engines[2].Address.Split(':')[0]}", inspect.Output);
        Assert.Equal(inspect.Output, (await Manager.Docker("node", "inspect", id[..8], "--format", format)).Output);
        Assert.Equal("region=eu", (await Manager.Docker("node", "inspect", "node-1", "--format", "{{range $k, $v := .Description.Engine.Labels}}{{if eq $k \"region\"}}{{$k}}={{$v}}{{end}}{{end}}")).Output);
        Assert.Equal(["node-1"], (await Manager.Docker("node", "ls", "--filter", "label=region=eu", "--format", "{{.Hostname}}")).Output.Split('\n'));
        Assert.Equal(["node-3"], (await Manager.Docker("node", "ls", "--filter", "name=node-3", "--format", "{{.Hostname}}")).Output.Split('\n'));

        foreach (string[] command in new[] { new[] { "node", "inspect", "node-9" }, ["node", "update", "--availability", "drain", "node-9"] })
        {
            var unknown = await Manager.Docker(command);
            Assert.NotEqual(0, unknown.ExitCode);
            Assert.Contains("node node-9 not found", unknown.Error);
        }
        var labels = await Manager.Docker("node", "update", "--label-add", "disk=ssd", "node-2");
        Assert.NotEqual(0, labels.ExitCode);
        Assert.Contains("only its availability can be changed", labels.Error);
        var promote = await Manager.Docker("node", "promote", "node-2");
        Assert.NotEqual(0, promote.ExitCode);
        Assert.Contains("only their availability can be changed", promote.Error);
        var rm = await Manager.Docker("node", "rm", "node-2");
        Assert.NotEqual(0, rm.ExitCode);
        Assert.Contains("discovery", rm.Error);
        Assert.Equal("active", (await Manager.Docker("node", "inspect", "node-2", "--format", "{{.Spec.Availability}}")).Output);
    }

    [Fact]
    public async Task Pause_and_drain_keep_new_containers_off_a_node_drain_moves_the_movable_ones_and_active_lets_them_in_again()
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        var created = new List<string>();
        try
        {
            string mover = await Run(created, "mover-" + run, "-e", "reschedule:on-node-failure", "-e", "constraint:node==~node-1");
            string stayer = await Run(created, "stayer-" + run, "-e", "constraint:node==node-1");
            Assert.Equal($"node-1/mover-{run}", await NameOf(mover));
            Assert.Equal($"node-1/stayer-{run}", await NameOf(stayer));
            // node-1 alone has region=eu: a soft constraint on it lands there while it takes containers.
            string preferring = await Run(created, "prefers-" + run, "-e", "constraint:region==~eu");
            Assert.Equal($"node-1/prefers-{run}", await NameOf(preferring));

            // Pause: nothing new goes to node-1; what it has stays.
            await SetAvailability("node-1", "pause");
            Assert.Equal("Pause", await LsAvailability("node-1"));
            Assert.Equal("pause", await InfoAvailability("node-1"));
            Assert.Equal("active", await InfoAvailability("node-2"));
            for (int i = 0; i < 4; i++)
            {
                string id = await Run(created, $"paused{i}-{run}", "-e", "constraint:region==~eu");
                Assert.Matches("^node-[23]/", await NameOf(id));
                Assert.Matches("^node-[23]/", await NameOf(await Run(created, $"plain{i}-{run}")));
            }
            await AssertRefusedOnNode1();
            Assert.Equal($"node-1/mover-{run}", await NameOf(mover));
            Assert.Equal($"node-1/stayer-{run}", await NameOf(stayer));

            // Drain: the on-node-failure container moves with its ID and is gone from node-1; the other stays.
            await SetAvailability("node-1", "drain");
            Assert.Equal("Drain", await LsAvailability("node-1"));
            Assert.Equal("drain", await InfoAvailability("node-1"));
            string landed = "";
            await WaitUntil(async () =>
            {
                string line = await NameAndStatus(mover);
                landed = line.Split('/')[0];
                return landed is "node-2" or "node-3" && line.Contains($"/mover-{run} Up", StringComparison.Ordinal);
            }, "the on-node-failure container to run on another node");
            await WaitUntil(async () => (await DockerCli.Run(Engines[1].Address, "ps", "-aq", "--filter", "label=com.docker.swarm.id=" + mover)).Output.Length == 0,
                "the moved container to be removed from node-1");
            var onLanded = await DockerCli.Run(Engines[int.Parse(landed["node-".Length..])].Address, "ps", "--filter", "label=com.docker.swarm.id=" + mover, "--format", "{{.Names}}");
            Assert.Equal($"mover-{run}", onLanded.Output);
            Assert.StartsWith($"node-1/stayer-{run} Up", await NameAndStatus(stayer));
            Assert.Equal($"stayer-{run}", (await DockerCli.Run(Engines[1].Address, "ps", "--filter", "name=stayer-" + run, "--format", "{{.Names}}")).Output);
            Assert.StartsWith($"node-1/prefers-{run} Up", await NameAndStatus(preferring));
            await AssertRefusedOnNode1();

            // Active: node-1 takes containers again.
            await SetAvailability("node-1", "active");
            Assert.Equal("Active", await LsAvailability("node-1"));
            Assert.Equal("active", await InfoAvailability("node-1"));
            Assert.Equal($"node-1/pinned-{run}", await NameOf(await Run(created, "pinned-" + run, "-e", "constraint:node==node-1")));
            Assert.Equal($"node-1/again-{run}", await NameOf(await Run(created, "again-" + run, "-e", "constraint:region==~eu")));
            // The moved container does not come back by itself.
            Assert.StartsWith($"{landed}/mover-{run} Up", await NameAndStatus(mover));
        }
        finally
        {
            // The engines are shared with other test classes: node-1 always ends active and clean.
            var restored = await Manager.Docker("node", "update", "--availability", "active", "node-1");
            if (created.Count > 0) await Manager.Docker(["rm", "-f", .. created]);
            Assert.True(restored.ExitCode == 0, restored.ToString());
        }
    }

    private async Task<string> Run(List<string> created, string name, params string[] flags)
    {
        var result = await Manager.Docker(["run", "-d", "--name", name, .. flags, "busybox", "sleep", "300"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        created.Add(name);
        return result.Output.Trim();
    }

    private async Task SetAvailability(string node, string availability)
    {
        var update = await Manager.Docker("node", "update", "--availability", availability, node);
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Equal(node, update.Output);
    }

    private async Task AssertRefusedOnNode1()
    {
        var refused = await Manager.Docker("run", "-d", "-e", "constraint:node==node-1", "busybox", "true");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Unable to find a node that satisfies the following conditions", refused.Error);
        Assert.Contains("[node==node-1]", refused.Error);
    }

    private async Task<string> NameOf(string id) => (await NameAndStatus(id)).Split(' ')[0];

    // From the whole listing: the manager's ps does not apply filters.
    private async Task<string> NameAndStatus(string id)
    {
        var lines = (await Manager.Docker("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.Names}} {{.Status}}")).Output.Split('\n');
        return lines.SingleOrDefault(l => l.StartsWith(id + " ", StringComparison.Ordinal))?[(id.Length + 1)..] ?? "";
    }

    private async Task<string> LsAvailability(string node) =>
        (await Manager.Docker("node", "ls", "--filter", "name=" + node, "--format", "{{.Availability}}")).Output;

    // The "└ Availability" line of the node's block in docker info's cluster tree.
    private async Task<string> InfoAvailability(string node)
    {
        var info = await Manager.Docker("info");
        Assert.True(info.ExitCode == 0, info.ToString());
        var block = info.Output.Split('\n').SkipWhile(l => !l.Trim().StartsWith(node + ": ", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Contains('└'));
        return block.Single(l => l.Contains("└ Availability: ", StringComparison.Ordinal)).Split("└ Availability: ")[1].Trim();
    }

    private async Task WaitUntil(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited {Patience.TotalSeconds}s for {what}\n{Manager.Log}");
    }
}
