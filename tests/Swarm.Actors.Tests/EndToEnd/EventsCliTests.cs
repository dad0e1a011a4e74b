using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary><c>docker events</c> through a manager over three real engines: one merged stream, since/until/filters honoured.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class EventsCliTests(RealEngines engines, ITestOutputHelper output) : ManagerOverRealEngines(engines, output)
{
    [Fact]
    public async Task Events_between_since_and_until_carry_the_virtual_id_and_the_node_and_honour_filters()
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        string name = "ev-" + Guid.NewGuid().ToString("N")[..6];
        var run = await Manager.Docker("run", "-d", "--name", name, "-e", "constraint:node==node-2", "busybox", "true");
        Assert.True(run.ExitCode == 0, run.Error);
        string id = run.Output.Trim();
        await Task.Delay(1500);
        long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;

        var events = await Manager.Docker("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "container=" + name, "--format", "{{json .}}");
        Assert.True(events.ExitCode == 0, events.Error);
        var lines = events.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["create", "start", "die"], lines.Select(e => e.GetProperty("Action").GetString()!).Where(a => a is "create" or "start" or "die"));
        Assert.All(lines, e =>
        {
            Assert.Equal(id, e.GetProperty("Actor").GetProperty("ID").GetString());
            Assert.Equal("node-2", e.GetProperty("Actor").GetProperty("Attributes").GetProperty("node.name").GetString());
            Assert.Equal(Engines[2].Address, e.GetProperty("Actor").GetProperty("Attributes").GetProperty("node.addr").GetString());
            Assert.Equal("busybox node:node-2", e.GetProperty("from").GetString());
        });

        // The virtual ID works as a filter too, and an event filter keeps only that action.
        var starts = await Manager.Docker("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "container=" + id, "--filter", "event=start", "--format", "{{.Action}} {{.Actor.ID}}");
        Assert.Equal($"start {id}", starts.Output.Trim());
        await Manager.Docker("rm", "-f", name);
    }

    [Fact]
    public async Task Events_of_every_node_come_in_one_stream()
    {
        long since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        string prefix = "evall-" + Guid.NewGuid().ToString("N")[..6];
        for (int node = 1; node <= 3; node++)
        {
            var created = await Manager.Docker("create", "--name", $"{prefix}-{node}", "-e", $"constraint:node==node-{node}", "busybox", "true");
            Assert.True(created.ExitCode == 0, created.Error);
        }
        long until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        await Task.Delay(1500);

        var events = await Manager.Docker("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "event=create", "--format", "{{.Actor.Attributes.name}} {{index .Actor.Attributes \"node.name\"}}");
        var mine = events.Output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).Order().ToList();
        Assert.Equal([$"{prefix}-1 node-1", $"{prefix}-2 node-2", $"{prefix}-3 node-3"], mine);
        for (int node = 1; node <= 3; node++) await Manager.Docker("rm", "-f", $"{prefix}-{node}");
    }
}
