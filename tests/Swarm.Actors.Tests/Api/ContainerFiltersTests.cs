using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Api;

/// <summary><c>docker ps --filter</c> over the cluster's containers, as Docker filters one engine's plus classic's <c>node</c>.</summary>
public class ContainerFiltersTests
{
    private static readonly DateTime Now = new(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc);

    private static EngineContainer Container(string id, string name, ContainerState state = ContainerState.Running, int minutesAgo = 1, string swarmId = "", params (string, string)[] labels)
    {
        var all = labels.ToDictionary(l => l.Item1, l => l.Item2);
        if (swarmId.Length > 0) all[SchedulingRequest.SwarmIdLabel] = swarmId;
        return new EngineContainer
        {
            Id = id, Name = name, State = state, Image = "busybox:latest", ImageId = "sha256:beef" + id, Created = Now.AddMinutes(-minutesAgo),
            ExitCode = state == ContainerState.Exited ? 3 : 0, Labels = all, Mounts = ["data", "/data"], Networks = new Dictionary<string, string> { ["backend"] = "net123" },
            PublishedPorts = [new PortBinding("80/tcp", "0.0.0.0", "8080")], ExposedPorts = ["80/tcp"],
        };
    }

    private static readonly EngineSnapshot Node1 = EngineSnapshots.Healthy("node-1", containers:
    [
        Container("a1", "web", swarmId: new string('a', 64), minutesAgo: 3, labels: ("tier", "front")),
        Container("b1", "db", ContainerState.Exited, minutesAgo: 2, labels: ("tier", "back")),
    ]);

    private static readonly EngineSnapshot Node2 = EngineSnapshots.Healthy("node-2", containers: [Container("c2", "cache", ContainerState.Paused, minutesAgo: 1)]);

    private static string[] Names(string filters)
    {
        var visible = ContainerListing.Visible([Node1, Node2]).ToList();
        var parsed = ContainerFilters.TryParse(filters, visible, out _, out string? error) ?? throw new InvalidOperationException(error);
        return [.. visible.Where(v => parsed.Matches(v.Engine, v.Container)).Select(v => $"{v.Engine.Name}/{v.Container.Name}").Order()];
    }

    [Theory]
    [InlineData("""{"name":{"web":true}}""", "node-1/web")]
    [InlineData("""{"name":["node-2/"]}""", "node-2/cache")]
    [InlineData("""{"id":{"aaaa":true}}""", "node-1/web")]
    [InlineData("""{"label":{"tier=back":true}}""", "node-1/db")]
    [InlineData("""{"label":{"tier":true,"tier=front":true}}""", "node-1/web")]
    [InlineData("""{"status":{"exited":true}}""", "node-1/db")]
    [InlineData("""{"status":{"paused":true,"exited":true}}""", "node-1/db node-2/cache")]
    [InlineData("""{"exited":{"3":true}}""", "node-1/db")]
    [InlineData("""{"node":{"node-2":true}}""", "node-2/cache")]
    [InlineData("""{"before":{"cache":true}}""", "node-1/db node-1/web")]
    [InlineData("""{"since":{"web":true}}""", "node-1/db node-2/cache")]
    [InlineData("""{"ancestor":{"busybox":true},"node":{"node-1":true}}""", "node-1/db node-1/web")]
    [InlineData("""{"volume":{"data":true},"network":{"backend":true},"publish":{"8080":true},"expose":{"80/tcp":true},"node":{"node-2":true}}""", "node-2/cache")]
    [InlineData("""{"health":{"none":true},"is-task":{"false":true},"node":{"node-2":true}}""", "node-2/cache")]
    [InlineData("""{"publish":{"9000-9100":true}}""", "")]
    public void Filters_keep_what_docker_would(string filters, string expected) =>
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), Names(filters));

    [Theory]
    [InlineData("""{"colour":{"red":true}}""", 400, "invalid filter 'colour'")]
    [InlineData("""{"status":{"sleepy":true}}""", 400, "invalid filter 'status=sleepy'")]
    [InlineData("""{"before":{"nothing":true}}""", 404, "No such container: nothing")]
    [InlineData("""not json""", 400, "invalid filter: ")]
    public void Bad_filters_are_refused_with_dockers_status_and_message(string filters, int status, string message)
    {
        Assert.Null(ContainerFilters.TryParse(filters, ContainerListing.Visible([Node1, Node2]).ToList(), out int code, out string? error));
        Assert.Equal(status, code);
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void A_status_filter_other_than_running_lists_stopped_containers_without_all()
    {
        var visible = ContainerListing.Visible([Node1]).ToList();
        Assert.True(ContainerFilters.TryParse("""{"status":{"exited":true}}""", visible, out _, out _)!.ImpliesAll);
        Assert.False(ContainerFilters.TryParse("""{"status":{"running":true}}""", visible, out _, out _)!.ImpliesAll);
    }
}
