using Swarm.Api;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

/// <summary>
/// <c>docker info</c>'s node lines are kept with each node's snapshot: the same snapshot gives the same lines, a node
/// that changed (a new snapshot) gives its new lines at once, and the availability, kept elsewhere, is always current.
/// </summary>
public class InfoReportTests
{
    private static EngineContainer Container(string id, ContainerState state) => new() { Id = id, Name = "c-" + id, State = state };

    private static List<string[]> Status(IReadOnlyList<EngineSnapshot> engines, IReadOnlyDictionary<string, NodeAvailability>? availabilities = null) =>
        (List<string[]>)InfoReport.Build(engines, primary: (string?)null, "spread", ["health"], availabilities ?? new Dictionary<string, NodeAvailability>())["SystemStatus"]!;

    private static string Line(List<string[]> status, string name) => status.Single(row => row[0] == "  └ " + name)[1];

    [Fact]
    public void A_nodes_lines_follow_its_latest_snapshot()
    {
        var node = EngineSnapshots.Healthy("node-1", containers: [Container("a", ContainerState.Running)]);
        Assert.Equal("1 (1 Running, 0 Paused, 0 Stopped)", Line(Status([node]), "Containers"));
        Assert.Equal(Status([node]).Select(r => string.Join("=", r)), Status([node]).Select(r => string.Join("=", r)));

        var changed = node with { Containers = [Container("a", ContainerState.Exited), Container("b", ContainerState.Paused) with { Memory = 512L << 20 }] };
        var status = Status([changed]);
        Assert.Equal("2 (0 Running, 1 Paused, 1 Stopped)", Line(status, "Containers"));
        Assert.StartsWith("512 MiB / ", Line(status, "Reserved Memory"));

        var down = changed with { Health = changed.Health with { Status = EngineStatus.Unhealthy, LastError = "connection refused" } };
        status = Status([down]);
        Assert.Equal("Unhealthy", Line(status, "Status"));
        Assert.Equal("connection refused", Line(status, "Error"));
    }

    [Fact]
    public void The_availability_is_current_though_the_nodes_lines_are_kept()
    {
        var node = EngineSnapshots.Healthy("node-1");
        Assert.Equal("active", Line(Status([node]), "Availability"));
        Assert.Equal("drain", Line(Status([node], new Dictionary<string, NodeAvailability> { [node.Id] = NodeAvailability.Drain }), "Availability"));
        Assert.Equal("unknown", ((List<string[]>)InfoReport.Build([node], primary: (string?)null, "spread", [], null)["SystemStatus"]!).Single(r => r[0] == "  └ Availability")[1]);
    }

    [Fact]
    public void Totals_count_the_containers_of_reachable_nodes_only()
    {
        var up = EngineSnapshots.Healthy("node-1", containers: [Container("a", ContainerState.Running), Container("b", ContainerState.Paused), Container("c", ContainerState.Exited)]);
        var gone = EngineSnapshots.Healthy("node-2", containers: [Container("d", ContainerState.Running)]);
        gone = gone with { Health = gone.Health with { Status = EngineStatus.Pending } };

        var info = InfoReport.Build([up, gone], "10.0.0.1:4000", "spread", [], null);

        Assert.Equal((3, 1, 1, 1), ((int)info["Containers"]!, (int)info["ContainersRunning"]!, (int)info["ContainersPaused"]!, (int)info["ContainersStopped"]!));
        Assert.Equal(4L, info["NCPU"]);
        var status = (List<string[]>)info["SystemStatus"]!;
        Assert.Equal(["Role", "replica"], status[0]);
        Assert.Equal(["Primary", "10.0.0.1:4000"], status[1]);
    }
}
