using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>What a recovered scheduler learns from the engines' views about containers that changed while no scheduler was up.</summary>
public class SchedulerReconciliationTests
{
    private static readonly string AdoptedId = new('b', 64);

    private static EngineContainer Container(string id, string name, string swarmId = "", params (string Key, string Value)[] labels)
    {
        var all = labels.ToDictionary(l => l.Key, l => l.Value);
        if (swarmId.Length > 0) all[SchedulingRequest.SwarmIdLabel] = swarmId;
        return new EngineContainer { Id = id, Name = name, Image = "busybox", State = ContainerState.Exited, Labels = all, Memory = 64L << 20 };
    }

    private static (SchedulerState State, SchedulerEvents.ContainerPlaced Placed, EngineSnapshot Engine) OnePlacement(string name = "web")
    {
        var engine = EngineSnapshots.Healthy("node-1");
        var state = new SchedulerState(SchedulerOptions.Default);
        state.ApplyEngine(engine);
        var placed = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = name, Image = "busybox" })).ToRecord!;
        state.Apply(placed);
        return (state, placed, engine);
    }

    private static void ApplyAll(SchedulerState state, Reconciliation reconciliation)
    {
        foreach (var fact in reconciliation.Facts) state.Apply(fact);
    }

    [Fact]
    public void A_recovered_state_knows_when_every_node_holding_records_has_reported_again()
    {
        var (state, placed, engine) = OnePlacement();
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Restore(state.ToSnapshot());
        Assert.False(recovered.AllRecordedNodesKnown);
        recovered.ApplyEngine(EngineSnapshots.Healthy("node-2"));
        Assert.False(recovered.AllRecordedNodesKnown);
        recovered.ApplyEngine(engine);
        Assert.True(recovered.AllRecordedNodesKnown);
        Assert.True(new SchedulerState(SchedulerOptions.Default).AllRecordedNodesKnown);
        Assert.NotNull(recovered.Find(placed.SwarmId));
    }

    [Fact]
    public void A_placed_container_the_engine_made_without_the_creation_being_recorded_is_recorded_created()
    {
        var (state, placed, engine) = OnePlacement();
        var seen = engine with { Containers = [Container("e1", "web", placed.SwarmId)] };

        var reconciliation = state.Reconcile(seen);
        Assert.Equal([new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1")], reconciliation.Facts);
        Assert.Empty(reconciliation.ToVerify);
        ApplyAll(state, reconciliation);
        Assert.Equal("e1", state.Find(placed.SwarmId)!.EngineContainerId);
        Assert.Empty(state.Reconcile(seen).Facts);
    }

    [Fact]
    public void A_placed_container_the_engine_does_not_have_is_handed_to_its_container_actor_and_a_moving_one_is_not()
    {
        var (state, placed, engine) = OnePlacement();
        var reconciliation = state.Reconcile(engine);
        Assert.Empty(reconciliation.Facts);
        Assert.Equal([placed.SwarmId], reconciliation.ToVerify);

        // A move in progress has its own hand-out: not named here.
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"));
        var elsewhere = EngineSnapshots.Healthy("node-2");
        state.ApplyEngine(elsewhere);
        state.Apply(new SchedulerEvents.ContainerRescheduled(placed.SwarmId, engine.Id, elsewhere.Id, placed.Request, Start: false));
        Assert.Equal("", state.Find(placed.SwarmId)!.EngineContainerId);
        Assert.Empty(state.Reconcile(elsewhere).ToVerify);
    }

    [Fact]
    public void A_recorded_container_missing_from_the_view_is_verified_not_forgotten_at_once()
    {
        var (state, placed, engine) = OnePlacement();
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"));

        var reconciliation = state.Reconcile(engine);
        Assert.Empty(reconciliation.Facts);
        Assert.Equal([placed.SwarmId], reconciliation.ToVerify);
        Assert.NotNull(state.Find(placed.SwarmId));
    }

    [Fact]
    public void A_container_with_an_unknown_swarm_id_is_adopted_with_its_name_resources_and_policy()
    {
        var (state, _, engine) = OnePlacement();
        var stranger = Container("e9", "db", AdoptedId, ("com.docker.swarm.reschedule-policies", "[\"on-node-failure\"]"));

        var reconciliation = state.Reconcile(engine with { Containers = [stranger] });
        ApplyAll(state, reconciliation);
        var adopted = state.Find(AdoptedId)!;
        Assert.Equal(("db", engine.Id, "e9", ReschedulePolicy.OnNodeFailure), (adopted.Name, adopted.NodeId, adopted.EngineContainerId, adopted.ReschedulePolicy));
        Assert.Equal(64L << 20, adopted.Request.Memory);
        // Its name is now taken cluster-wide.
        Assert.Equal(PlacementFailure.NameConflict, state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "db", Image = "busybox" })).Rejection!.Failure);
    }

    [Fact]
    public void A_stranger_whose_name_is_taken_and_containers_without_swarm_ids_are_not_adopted()
    {
        var (state, _, engine) = OnePlacement("web");
        var reconciliation = state.Reconcile(engine with { Containers = [Container("e9", "web", AdoptedId), Container("e8", "plain")] });
        Assert.Empty(reconciliation.Facts);
        Assert.Equal(1, state.ContainerCount);
    }

    [Fact]
    public void A_view_of_an_engine_that_is_not_healthy_says_nothing()
    {
        var (state, placed, engine) = OnePlacement();
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"));
        var down = engine with { Health = engine.Health.Invalidated("connection refused"), Containers = [Container("e9", "db", AdoptedId)] };
        Assert.NotEqual(EngineStatus.Healthy, down.Health.Status);
        Assert.Same(Reconciliation.None, state.Reconcile(down));
    }

    [Fact]
    public void The_engine_seeing_a_recorded_container_destroyed_removes_its_record_and_frees_its_name()
    {
        var (state, placed, engine) = OnePlacement();
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"));
        Assert.Null(state.RemovedOnEngine(engine.Id, "other"));
        Assert.Null(state.RemovedOnEngine("elsewhere", "e1"));

        var removed = state.RemovedOnEngine(engine.Id, "e1");
        Assert.Equal(new SchedulerEvents.ContainerRemoved(placed.SwarmId), removed);
        state.Apply(removed!);
        Assert.NotNull(state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "web", Image = "busybox" })).ToRecord);
    }

    [Fact]
    public void A_container_renamed_on_its_engine_moves_its_name_in_the_records()
    {
        var (state, placed, engine) = OnePlacement("web");
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"));
        Assert.Null(state.RenamedOnEngine(engine.Id, Container("e1", "web", placed.SwarmId)));

        // As the scheduler actor does: the engine's view first, then what it implies.
        var renamed = engine with { Containers = [Container("e1", "api", placed.SwarmId)] };
        state.ApplyEngine(renamed);
        var reconciliation = state.Reconcile(renamed);
        Assert.Equal([new SchedulerEvents.ContainerRenamed(placed.SwarmId, "api")], reconciliation.Facts);
        ApplyAll(state, reconciliation);
        Assert.Equal(("api", "api"), (state.Find(placed.SwarmId)!.Name, state.Find(placed.SwarmId)!.Request.Name));
        Assert.NotNull(state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "web", Image = "busybox" })).ToRecord);
        Assert.Equal(PlacementFailure.NameConflict, state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "api", Image = "busybox" })).Rejection!.Failure);
    }

    [Fact]
    public void The_engine_seeing_a_placed_container_appear_records_its_creation_once()
    {
        var (state, placed, engine) = OnePlacement();
        var created = state.CreatedOnEngine(engine.Id, Container("e1", "web", placed.SwarmId));
        Assert.Equal(new SchedulerEvents.ContainerCreated(placed.SwarmId, "e1"), created);
        state.Apply(created!);
        Assert.Null(state.CreatedOnEngine(engine.Id, Container("e1", "web", placed.SwarmId)));
        Assert.Null(state.CreatedOnEngine(engine.Id, Container("e7", "x", AdoptedId)));
    }
}
