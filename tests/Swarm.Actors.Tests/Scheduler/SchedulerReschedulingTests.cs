using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>Which containers move when their node fails, where to, and what is left behind (the pure state; the actors carry it out).</summary>
public class SchedulerReschedulingTests
{
    private static readonly EngineSnapshot Node1 = EngineSnapshots.Healthy("node-1");
    private static readonly EngineSnapshot Node2 = EngineSnapshots.Healthy("node-2");

    private static SchedulerState TwoNodes(SchedulerOptions? options = null)
    {
        var state = new SchedulerState(options ?? SchedulerOptions.Default);
        state.ApplyEngine(Node1);
        state.ApplyEngine(Node2);
        return state;
    }

    // Placed, created and (unless told otherwise) started on the node its constraint names.
    private static string Run(SchedulerState state, string name, string node, bool start = true, params string[] env)
    {
        var request = new ContainerRequest { Name = name, Image = "busybox", Env = [$"constraint:node=={node}", .. env] };
        var placed = state.Decide(new SchedulerCommands.PlaceContainer(request)).ToRecord!;
        state.Apply(placed);
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "phys-" + name));
        if (start) state.Apply(new SchedulerEvents.DesiredStateChanged(placed.SwarmId, DesiredState.Running));
        return placed.SwarmId;
    }

    private static void Fail(SchedulerState state, EngineSnapshot node) =>
        state.ApplyEngineEvent(new Swarm.Actors.Engines.EngineEvents.EngineDisconnected(node with { Health = node.Health.Failed("x").Health.Failed("x").Health.Failed("x").Health }));

    [Fact]
    public void Only_containers_with_the_on_node_failure_policy_of_a_failed_node_are_to_move()
    {
        var state = TwoNodes();
        string moving = Run(state, "web", "~node-1", env: "reschedule:on-node-failure");
        string staying = Run(state, "db", "~node-1");
        string elsewhere = Run(state, "cache", "node-2", env: "reschedule:on-node-failure");
        Assert.Empty(state.ToReschedule(unknownNodesFailed: true));

        Fail(state, Node1);
        Assert.Equal([moving], state.ToReschedule(unknownNodesFailed: false));
        Assert.Equal(Node1.Id, state.Find(staying)!.NodeId);
        Assert.Equal(Node2.Id, state.Find(elsewhere)!.NodeId);
    }

    [Fact]
    public void A_moved_container_keeps_its_id_name_and_request_and_the_old_copy_becomes_stale()
    {
        var state = TwoNodes();
        string web = Run(state, "web", "~node-1", env: "reschedule:on-node-failure");
        var before = state.Find(web)!;
        Fail(state, Node1);

        var moved = state.DecideReschedule(web, out string? error);
        Assert.Null(error);
        Assert.Equal(new SchedulerEvents.ContainerRescheduled(web, Node1.Id, Node2.Id, before.Request, Start: true), moved);
        state.Apply(moved!);
        var after = state.Find(web)!;
        Assert.Equal((web, "web", Node2.Id, "", new ContainerMove(Node1.Id, true, "phys-web")), (after.SwarmId, after.Name, after.NodeId, after.EngineContainerId, after.Move));
        Assert.Equal(before.CreateConfig, after.CreateConfig);
        Assert.Equal([web], state.Moving.Select(r => r.SwarmId));
        Assert.Empty(state.ToReschedule(unknownNodesFailed: true));

        // The node comes back with the old copy: it is stale; the new copy on node-2 is not.
        var old = new EngineContainer { Id = "phys-web", Name = "web", Image = "busybox", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = web } };
        var back = Node1 with { Containers = [old] };
        state.ApplyEngine(back);
        Assert.Equal([old], state.StaleCopies(back));
        Assert.False(state.IsStaleCopy(Node2.Id, old with { Id = "new" }));
        Assert.Empty(state.Reconcile(back).Facts);

        state.Apply(new SchedulerEvents.ContainerCreated(web, "new"));
        state.Apply(new SchedulerEvents.RescheduleCompleted(web));
        Assert.Null(state.Find(web)!.Move);
        Assert.Empty(state.Moving);
    }

    [Fact]
    public void A_hard_constraint_on_the_failed_node_keeps_the_container_there_and_a_soft_one_is_dropped()
    {
        var state = TwoNodes();
        string pinned = Run(state, "pinned", "node-1", env: "reschedule:on-node-failure");
        string preferring = Run(state, "preferring", "~node-1", env: "reschedule:on-node-failure");
        Fail(state, Node1);

        Assert.Null(state.DecideReschedule(pinned, out string? error));
        Assert.Contains("Unable to find a node that satisfies the following conditions", error);
        Assert.Equal(Node2.Id, state.DecideReschedule(preferring, out _)!.ToNodeId);
    }

    [Fact]
    public void A_container_that_was_not_running_moves_without_being_started()
    {
        var state = TwoNodes();
        string created = Run(state, "created", "~node-1", start: false, "reschedule:on-node-failure");
        string running = Run(state, "running", "~node-1", start: true, "reschedule:on-node-failure");
        Fail(state, Node1);
        Assert.False(state.DecideReschedule(created, out _)!.Start);
        Assert.True(state.DecideReschedule(running, out _)!.Start);
    }

    [Fact]
    public void A_create_still_in_flight_on_the_failed_node_is_left_to_its_requester()
    {
        var state = TwoNodes();
        var request = new ContainerRequest { Name = "web", Image = "busybox", Env = ["constraint:node==~node-1", "reschedule:on-node-failure"] };
        state.Apply(state.Decide(new SchedulerCommands.PlaceContainer(request)).ToRecord!);
        Fail(state, Node1);
        Assert.Empty(state.ToReschedule(unknownNodesFailed: true));
    }

    [Fact]
    public void A_node_removed_from_discovery_or_never_heard_of_again_counts_as_failed_only_when_told_so()
    {
        var state = TwoNodes();
        string web = Run(state, "web", "~node-1", env: "reschedule:on-node-failure");
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Restore(state.ToSnapshot());
        recovered.ApplyEngine(Node2);
        Assert.Empty(recovered.ToReschedule(unknownNodesFailed: false));
        Assert.Equal([web], recovered.ToReschedule(unknownNodesFailed: true));

        // A new engine actor could not reach node-1 (its last watcher died with it): failed, and no longer awaited.
        Assert.False(recovered.AllRecordedNodesKnown);
        recovered.EngineUnreachable(Node1.Address);
        Assert.True(recovered.AllRecordedNodesKnown);
        Assert.Equal([web], recovered.ToReschedule(unknownNodesFailed: false));
        recovered.ApplyEngine(Node1);
        Assert.Empty(recovered.ToReschedule(unknownNodesFailed: false));
    }

    [Fact]
    public void The_cluster_default_policy_applies_to_requests_that_name_none()
    {
        var state = TwoNodes(SchedulerOptions.Default with { } );
        var withDefault = new SchedulerState(SchedulerOptions.Default with { DefaultReschedulePolicy = ReschedulePolicy.OnNodeFailure });
        withDefault.ApplyEngine(Node1);
        var unnamed = withDefault.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "a", Image = "busybox" })).ToRecord!;
        var off = withDefault.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "b", Image = "busybox", Env = ["reschedule:off"] })).ToRecord!;
        Assert.Equal(ReschedulePolicy.OnNodeFailure, unnamed.ReschedulePolicy);
        Assert.Equal("[\"on-node-failure\"]", unnamed.Request.Labels["com.docker.swarm.reschedule-policies"]);
        Assert.Equal(ReschedulePolicy.Off, off.ReschedulePolicy);
        Assert.Equal(ReschedulePolicy.Off, state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "c", Image = "busybox" })).ToRecord!.ReschedulePolicy);
    }

    [Fact]
    public void A_move_survives_a_snapshot()
    {
        var state = TwoNodes();
        string web = Run(state, "web", "~node-1", env: "reschedule:on-node-failure");
        Fail(state, Node1);
        state.Apply(state.DecideReschedule(web, out _)!);
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Restore(state.ToSnapshot());
        Assert.Equal(state.Digest(), recovered.Digest());
        Assert.Equal([web], recovered.Moving.Select(r => r.SwarmId));
    }

    [Fact]
    public void Draining_a_node_moves_its_on_node_failure_containers_and_removes_them_there_once_moved()
    {
        var state = TwoNodes();
        string web = Run(state, "web", "~node-1", env: "reschedule:on-node-failure");
        string db = Run(state, "db", "~node-1");
        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Node1.Id, NodeAvailability.Pause));
        Assert.Empty(state.ToReschedule(unknownNodesFailed: false));
        Assert.Equal(Node2.Id, state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "new", Image = "busybox" })).ToRecord!.NodeId);

        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Node1.Id, NodeAvailability.Drain));
        Assert.Equal([web], state.ToReschedule(unknownNodesFailed: false));
        var moved = state.DecideReschedule(web, out _)!;
        Assert.True(moved.RemoveLeft);
        state.Apply(moved);
        Assert.Equal(new ContainerMove(Node1.Id, true, "phys-web", RemoveLeft: true), state.Find(web)!.Move);
        // The container still on the drained node is the move's to remove, not a stale copy.
        var left = new EngineContainer { Id = "phys-web", Name = "web", Image = "busybox", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = web } };
        Assert.False(state.IsStaleCopy(Node1.Id, left));
        Assert.Equal(Node1.Id, state.Find(db)!.NodeId);
    }

    [Fact]
    public void Draining_moves_every_container_when_drain_moves_all()
    {
        var state = TwoNodes(SchedulerOptions.Default with { DrainMovesAll = true });
        string web = Run(state, "web", "~node-1");
        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Node1.Id, NodeAvailability.Drain));
        Assert.Equal([web], state.ToReschedule(unknownNodesFailed: false));
        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Node1.Id, NodeAvailability.Active));
        Assert.Empty(state.ToReschedule(unknownNodesFailed: false));
    }

    [Fact]
    public void Availability_is_journaled_and_outlives_the_node_reporting_again()
    {
        var state = TwoNodes();
        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Node2.Id, NodeAvailability.Pause));
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Restore(state.ToSnapshot());
        recovered.ApplyEngine(Node1);
        recovered.ApplyEngine(Node2);
        Assert.Equal(NodeAvailability.Pause, recovered.Cluster.FindNode(Node2.Id)!.Availability);
        Assert.Equal(Node1.Id, recovered.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "x", Image = "busybox" })).ToRecord!.NodeId);
        Assert.Equal(state.Digest(), recovered.Digest());
    }
}
