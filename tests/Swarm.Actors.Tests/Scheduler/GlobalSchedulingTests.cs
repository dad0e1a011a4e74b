using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>Global containers in the scheduler's pure state: one instance per eligible node, now and later.</summary>
public class GlobalSchedulingTests
{
    private static readonly EngineSnapshot Eu1 = EngineSnapshots.Healthy("node-1", labels: "region=eu");
    private static readonly EngineSnapshot Us2 = EngineSnapshots.Healthy("node-2", labels: "region=us");
    private static readonly EngineSnapshot Eu3 = EngineSnapshots.Healthy("node-3", labels: "region=eu");

    private static SchedulerState Cluster(params EngineSnapshot[] engines)
    {
        var state = new SchedulerState(SchedulerOptions.Default);
        foreach (var engine in engines) state.ApplyEngine(engine);
        return state;
    }

    private static SchedulerEvents.GlobalContainerCreated CreateGlobal(SchedulerState state, string name, params string[] env)
    {
        var outcome = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = name, Image = "busybox", Env = ["mode:global", .. env] }, "{\"Image\":\"busybox\"}"));
        Assert.Null(outcome.Rejection);
        state.Apply(outcome.GlobalToRecord!);
        return outcome.GlobalToRecord!;
    }

    private static IReadOnlyList<SchedulerEvents.GlobalInstancePlaced> PlaceAll(SchedulerState state)
    {
        var placed = state.GlobalInstancesToPlace();
        foreach (var instance in placed) state.Apply(instance);
        return placed;
    }

    [Fact]
    public void A_global_container_gets_one_instance_per_node_each_with_its_own_id_and_the_shared_name()
    {
        var state = Cluster(Eu1, Us2, Eu3);
        var global = CreateGlobal(state, "agent");
        Assert.Equal("global", global.Request.Labels[ContainerMode.LabelName]);
        Assert.DoesNotContain("mode:global", global.Request.Env);

        var placed = PlaceAll(state);
        Assert.Equal([Eu1.Id, Us2.Id, Eu3.Id], placed.Select(p => p.NodeId).Order());
        Assert.Equal(3, placed.Select(p => p.SwarmId).Distinct().Count());
        Assert.All(placed, p =>
        {
            Assert.Equal(global.SwarmId, p.Request.Labels[ContainerMode.GlobalIdLabel]);
            Assert.Equal(p.SwarmId, p.Request.Labels[SchedulingRequest.SwarmIdLabel]);
            Assert.Equal("agent", p.Request.Name);
            Assert.False(p.Start);
            var record = state.Find(p.SwarmId)!;
            Assert.Equal(new ContainerMove("", false), record.Move);
            Assert.Equal("{\"Image\":\"busybox\"}", record.CreateConfig);
        });
        Assert.Empty(state.GlobalInstancesToPlace());
        Assert.Equal(3, state.FindGlobal("agent")!.Value.Instances.Count);
        Assert.Equal(global.SwarmId, state.FindGlobal(global.SwarmId[..8])!.Value.Global.GlobalId);
    }

    [Fact]
    public void A_node_that_joins_later_gets_its_instance_started_as_the_global_container_is()
    {
        var state = Cluster(Eu1);
        var global = CreateGlobal(state, "agent");
        PlaceAll(state);
        state.Apply(new SchedulerEvents.DesiredStateChanged(global.SwarmId, DesiredState.Running));
        Assert.True(state.FindGlobal("agent")!.Value.Instances.Single().Move!.Start);

        state.ApplyEngine(Us2);
        var joined = Assert.Single(PlaceAll(state));
        Assert.Equal((Us2.Id, true), (joined.NodeId, joined.Start));
    }

    [Fact]
    public void Constraints_choose_the_nodes_and_paused_or_failed_nodes_get_none_and_instances_never_move()
    {
        var state = Cluster(Eu1, Us2, Eu3);
        CreateGlobal(state, "eu-agent", "constraint:region==eu");
        state.Apply(new SchedulerEvents.NodeAvailabilityChanged(Eu3.Id, NodeAvailability.Pause));
        var placed = PlaceAll(state);
        Assert.Equal([Eu1.Id], placed.Select(p => p.NodeId));

        state.Apply(new SchedulerEvents.ContainerCreated(placed[0].SwarmId, "phys"));
        state.ApplyEngineEvent(new Swarm.Actors.Engines.EngineEvents.EngineDisconnected(Eu1 with { Health = Eu1.Health.Failed("x").Health.Failed("x").Health.Failed("x").Health }));
        Assert.Empty(state.ToReschedule(unknownNodesFailed: true));
        Assert.Empty(state.GlobalInstancesToPlace());
    }

    [Fact]
    public void The_name_is_the_global_containers_and_removing_it_places_no_more_instances()
    {
        var state = Cluster(Eu1, Us2);
        var global = CreateGlobal(state, "agent");
        var placed = PlaceAll(state);
        var conflict = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "agent", Image = "busybox" }));
        Assert.Equal(PlacementFailure.NameConflict, conflict.Rejection!.Failure);

        // One instance removed alone comes back; the global container removed, none does.
        state.Apply(new SchedulerEvents.ContainerRemoved(placed[0].SwarmId));
        Assert.Single(state.GlobalInstancesToPlace());
        state.Apply(new SchedulerEvents.ContainerRemoved(global.SwarmId));
        Assert.Empty(state.GlobalInstancesToPlace());
        Assert.Null(state.FindGlobal("agent"));
        state.Apply(new SchedulerEvents.ContainerRemoved(placed[1].SwarmId));
        Assert.Null(state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "agent", Image = "busybox" })).Rejection);
    }

    [Fact]
    public void A_global_container_no_node_can_run_is_refused_as_a_placement_would_be_and_a_bad_mode_is_invalid()
    {
        var state = Cluster(Eu1);
        var nowhere = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "x", Image = "busybox", Env = ["mode:global", "constraint:region==mars"] }));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, nowhere.Rejection!.Error);
        var bad = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "y", Image = "busybox", Env = ["mode:everywhere"] }));
        Assert.Equal(PlacementFailure.InvalidRequest, bad.Rejection!.Failure);
    }

    [Fact]
    public void Globals_and_their_instances_survive_a_snapshot()
    {
        var state = Cluster(Eu1, Us2);
        CreateGlobal(state, "agent");
        PlaceAll(state);
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Restore(state.ToSnapshot());
        Assert.Equal(state.Digest(), recovered.Digest());
        Assert.Equal(2, recovered.FindGlobal("agent")!.Value.Instances.Count);
        recovered.ApplyEngine(Eu1);
        recovered.ApplyEngine(Us2);
        Assert.Empty(recovered.GlobalInstancesToPlace());
    }
}
