using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests;

public class SchedulerTests
{
    private static SchedulingRequest Parse(ContainerRequest request) => SchedulingRequest.TryCreate(request, out _)!;

    [Fact]
    public void A_taken_name_is_refused_with_classics_conflict_message()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2").Container("node-2", Running("web"));
        var decision = cluster.Scheduler.Decide(cluster.State, Parse(Request() with { Name = "/web" }));
        Assert.Equal(PlacementFailure.NameConflict, decision.Failure);
        Assert.Equal(
            "Conflict: The name web is already assigned. You have to delete (or rename) that container to be able to assign web to a container again.",
            decision.Error);
    }

    [Fact]
    public void A_pending_container_holds_its_name()
    {
        var cluster = new TestCluster().Node("node-1");
        Assert.Equal("node-1", cluster.Run(Request() with { Name = "web" }));
        Assert.StartsWith("Conflict: The name web is already assigned.", cluster.Run(Request() with { Name = "web" }));
    }

    [Fact]
    public void A_new_swarm_id_is_assigned_and_written_as_a_label()
    {
        var cluster = new TestCluster().Node("node-1");
        var decision = cluster.Scheduler.Decide(cluster.State, Parse(Request() with { Name = "web" }));
        Assert.True(SwarmIds.IsValid(decision.SwarmId));
        Assert.Equal(decision.SwarmId, decision.Request!.Container.Labels["com.docker.swarm.id"]);
        Assert.Equal(decision.SwarmId, decision.PendingContainer!.SwarmId);
        Assert.Equal(ContainerState.Pending, decision.PendingContainer.State);
        Assert.Equal("", decision.PendingContainer.Id);
    }

    [Fact]
    public void A_request_that_carries_its_swarm_id_keeps_it_so_retries_are_idempotent()
    {
        var cluster = new TestCluster().Node("node-1");
        string id = new('c', 64);
        var request = Request() with { Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = id } };
        Assert.Equal(id, cluster.Scheduler.Decide(cluster.State, Parse(request)).SwarmId);
    }

    [Fact]
    public void Swarm_ids_never_repeat_an_id_in_use()
    {
        var cluster = new TestCluster().Node("node-1");
        var ids = new HashSet<string>();
        for (int i = 0; i < 500; i++)
        {
            var decision = cluster.Scheduler.Decide(cluster.State, Parse(Request()));
            Assert.True(ids.Add(decision.SwarmId));
            cluster.State.AddContainer(decision.NodeId!, decision.PendingContainer!);
        }
        Assert.Equal(500, cluster.State.ContainerCount);
    }

    [Fact]
    public void Deciding_does_not_change_the_state()
    {
        var cluster = new TestCluster().Node("node-1");
        cluster.Scheduler.Decide(cluster.State, Parse(Request() with { Name = "web", Cpus = 1 }));
        Assert.Equal(0, cluster.State.ContainerCount);
        Assert.False(cluster.State.IsNameInUse("web"));
        Assert.Equal(0, cluster.NodeNamed("node-1").UsedCpus);
    }

    [Fact]
    public void An_unplaceable_request_is_reported_as_unschedulable()
    {
        var cluster = new TestCluster().Node("node-1");
        var decision = cluster.Scheduler.Decide(cluster.State, Parse(Request("constraint:node==node-9")));
        Assert.Equal(PlacementFailure.Unschedulable, decision.Failure);
        Assert.Equal(Unsatisfied("[available container slots]", "[node==node-9]"), decision.Error);
    }

    [Fact]
    public void Soft_expressions_are_kept_when_resources_rather_than_filters_fail()
    {
        // First pass: only node-1 matches the soft constraint but has no memory left, so the second pass drops it.
        var cluster = new TestCluster().Node("node-1", memory: GiB, labels: "zone=a").Node("node-2", memory: 4 * GiB, labels: "zone=b");
        Assert.Equal("node-2", cluster.Place(Request("constraint:zone==~a") with { Memory = 2 * GiB }));
        Assert.Equal("node-1", cluster.Place(Request("constraint:zone==~a") with { Memory = GiB / 2 }));
    }

    [Fact]
    public void A_subset_of_filters_runs_in_the_order_given_and_only_those_are_listed()
    {
        var filters = FilterRegistry.TryCreate(["constraint", "port"], out _)!;
        var cluster = new TestCluster(options: SchedulerOptions.Default with { Filters = filters })
            .Node("node-1", health: 0, labels: "region=eu");
        Assert.Equal("node-1", cluster.Place(Request("constraint:region==eu")));
        Assert.Equal(Unsatisfied("[region==us]"), cluster.Place(Request("constraint:region==us") with { PortBindings = [Port("80")] }));
    }

    [Fact]
    public void Filter_names_follow_classics_order_and_unknown_names_are_refused()
    {
        Assert.Equal("health, port, containerslots, dependency, affinity, constraint, whitelist", string.Join(", ", FilterRegistry.Names));
        Assert.Null(FilterRegistry.TryCreate(["health", "gpu"], out string? error));
        Assert.Equal("unable to find filter: gpu", error);
    }

    [Fact]
    public void The_same_seed_replays_the_same_choices_among_ties()
    {
        static List<string> Run(int seed)
        {
            var cluster = new TestCluster(options: SchedulerOptions.Default with { Seed = seed });
            for (int i = 0; i < 8; i++) cluster.Node("node-" + i);
            return [.. Enumerable.Range(0, 40).Select(_ => cluster.Run(Request()))];
        }
        Assert.Equal(Run(7), Run(7));
        Assert.NotEqual(Run(7), Run(8));
    }
}

public class NodeAvailabilityTests
{
    [Fact]
    public void A_paused_or_drained_node_takes_no_new_container_and_an_active_one_takes_them_again()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2");
        cluster.State.SetAvailability(cluster.NodeNamed("node-1").Id, NodeAvailability.Pause);
        for (int i = 0; i < 5; i++) Assert.Equal("node-2", cluster.Run(TestCluster.Request()));
        cluster.State.SetAvailability(cluster.NodeNamed("node-2").Id, NodeAvailability.Drain);
        Assert.Equal(SchedulingErrors.NoAvailableNode, cluster.Run(TestCluster.Request()));
        cluster.State.SetAvailability(cluster.NodeNamed("node-1").Id, NodeAvailability.Active);
        Assert.Equal("node-1", cluster.Run(TestCluster.Request()));
    }

    [Fact]
    public void Availability_outlives_a_new_description_of_the_node()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2");
        cluster.State.SetAvailability(cluster.NodeNamed("node-1").Id, NodeAvailability.Pause);
        cluster.Node("node-1", cpus: 8);
        Assert.Equal(NodeAvailability.Pause, cluster.NodeNamed("node-1").Availability);
        Assert.Equal("node-2", cluster.Run(TestCluster.Request()));
    }
}
