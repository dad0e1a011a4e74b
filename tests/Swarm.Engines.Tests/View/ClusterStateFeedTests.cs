using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Engines.Tests.View;

public class ClusterStateFeedTests
{
    private const long GiB = 1L << 30;

    private static EngineSnapshot Engine(params EngineContainer[] containers) => new()
    {
        Id = "DOCKER-ID|127.0.0.1:2375",
        Name = "node-1",
        Address = "127.0.0.1:2375",
        Health = EngineHealth.Pending(3).Validated().Health,
        Specs = new EngineSpecs("DOCKER-ID", "node-1", 2, 4 * GiB, [], "vfs", "6.1", "Debian", "linux", "20.10.24", "1.41"),
        Labels = new Dictionary<string, string> { ["region"] = "eu" },
        Containers = containers,
    };

    private static EngineContainer Created(string id, string swarmId, long cpuShares) => new()
    {
        Id = id,
        Name = "c-" + id[..4],
        State = ContainerState.Running,
        CpuShares = cpuShares,
        Labels = swarmId.Length > 0 ? new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId } : new Dictionary<string, string>(),
    };

    [Fact]
    public void A_pending_reservation_counts_until_its_engine_reports_the_container_then_exactly_once()
    {
        var state = new ClusterState();
        ClusterStateFeed.ApplyEngine(state, Engine(Created(new string('1', 64), "", 512)));
        var node = state.FindNode("DOCKER-ID|127.0.0.1:2375")!;
        Assert.Equal(1, node.UsedCpus);

        var scheduler = new Scheduler(SchedulerOptions.Default);
        var request = SchedulingRequest.TryCreate(new ContainerRequest { Image = "busybox", Cpus = 1, Name = "web" }, out _)!;
        var decision = scheduler.Decide(state, request);
        state.AddContainer(decision.NodeId!, decision.PendingContainer!);
        Assert.Equal((2, 2), (node.UsedCpus, node.ContainerCount));
        Assert.Equal(SchedulingErrors.NoResources, scheduler.Decide(state, SchedulingRequest.TryCreate(new ContainerRequest { Cpus = 1 }, out _)!).Error);

        ClusterStateFeed.ApplyContainer(state, node.Id, 2, Created(new string('2', 64), decision.SwarmId, 512));
        Assert.Equal((2, 2), (node.UsedCpus, node.ContainerCount));
        Assert.DoesNotContain(node.Containers, c => c.State == ContainerState.Pending);
    }

    [Fact]
    public void Reapplying_an_engine_drops_vanished_containers_but_keeps_pending_ones()
    {
        var state = new ClusterState();
        ClusterStateFeed.ApplyEngine(state, Engine(Created(new string('1', 64), "", 0), Created(new string('2', 64), "", 0)));
        var node = state.FindNode("DOCKER-ID|127.0.0.1:2375")!;
        state.AddContainer(node.Id, new ContainerInfo { SwarmId = new string('a', 64), Name = "pending" });

        ClusterStateFeed.ApplyEngine(state, Engine(Created(new string('2', 64), "", 0)));
        Assert.Equal(["pending", "c-2222"], node.Containers.Select(c => c.Name).Order().Reverse());
    }

    [Fact]
    public void The_engines_labels_health_and_capacity_reach_placement()
    {
        var state = new ClusterState();
        var engine = Engine();
        ClusterStateFeed.ApplyEngine(state, engine with { Health = engine.Health.Failed("refused").Health });
        var node = state.FindNode(engine.Id)!;
        Assert.Equal(("node-1", 2L, 4 * GiB, 67), (node.Name, node.Description.Cpus, node.Description.Memory, node.HealthIndicator));
        var request = SchedulingRequest.TryCreate(new ContainerRequest { Env = ["constraint:region==eu"] }, out _)!;
        Assert.True(new Scheduler(SchedulerOptions.Default).Place(state, request).Succeeded);
    }
}
