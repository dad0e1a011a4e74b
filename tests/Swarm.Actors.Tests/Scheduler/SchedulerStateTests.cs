using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Scheduler;

public class SchedulerStateTests
{
    private static SchedulerCommands.PlaceContainer Place(string name = "", long cpus = 0, params string[] env) =>
        new(new ContainerRequest { Name = name, Image = "busybox", Cpus = cpus, Env = env });

    private static SchedulerState WithNodes(params EngineSnapshot[] engines)
    {
        var state = new SchedulerState(SchedulerOptions.Default);
        foreach (var engine in engines) state.ApplyEngine(engine);
        return state;
    }

    private static SchedulerEvents.ContainerPlaced Record(SchedulerState state, SchedulerCommands.PlaceContainer command)
    {
        var placed = state.Decide(command).ToRecord ?? throw new InvalidOperationException("not placed");
        state.Apply(placed);
        return placed;
    }

    [Fact]
    public void Deciding_records_nothing_until_the_event_is_applied()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"));
        var placed = state.Decide(Place("web")).ToRecord!;
        Assert.Equal(0, state.ContainerCount);
        Assert.Null(state.Find(placed.SwarmId));

        state.Apply(placed);
        var record = state.Find(placed.SwarmId)!;
        Assert.Equal(("web", placed.NodeId, DesiredState.Created, ""), (record.Name, record.NodeId, record.DesiredState, record.EngineContainerId));
        Assert.Equal(placed.SwarmId, record.Request.Labels[SchedulingRequest.SwarmIdLabel]);
    }

    [Fact]
    public void A_retry_carrying_a_recorded_swarm_id_gets_the_same_placement_and_no_new_event()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"), EngineSnapshots.Healthy("node-2"));
        var placed = Record(state, Place("web"));
        var retry = new SchedulerCommands.PlaceContainer(placed.Request);

        var outcome = state.Decide(retry);
        Assert.Null(outcome.ToRecord);
        Assert.Equal(placed.NodeId, outcome.Existing!.NodeId);
        Assert.Equal(1, state.ContainerCount);
    }

    [Fact]
    public void Names_stay_taken_while_their_node_has_not_reported_yet()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"));
        var placed = Record(state, Place("web"));
        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Apply(placed);
        recovered.ApplyEngine(EngineSnapshots.Healthy("node-2"));

        var again = recovered.Decide(Place("web"));
        Assert.Equal(PlacementFailure.NameConflict, again.Rejection!.Failure);
        Assert.StartsWith("Conflict: The name web is already assigned.", again.Rejection.Error);
    }

    [Fact]
    public void Reservations_recorded_before_a_failover_are_held_again_when_their_node_reports()
    {
        var original = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 2));
        var first = Record(original, Place(cpus: 2));

        var recovered = new SchedulerState(SchedulerOptions.Default);
        recovered.Apply(first);
        recovered.ApplyEngine(EngineSnapshots.Healthy("node-1", cpus: 2));
        Assert.Equal(SchedulingErrors.NoResources, recovered.Decide(Place(cpus: 1)).Rejection!.Error);
    }

    [Fact]
    public void Once_the_engine_reports_the_container_its_reservation_counts_once()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 2));
        var placed = Record(state, Place("web", cpus: 1));
        var created = new EngineContainer
        {
            Id = new string('e', 64),
            Name = "web",
            CpuShares = 512,
            Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = placed.SwarmId },
        };
        state.ApplyEngine(EngineSnapshots.Healthy("node-1", cpus: 2, containers: [created]));
        state.Apply(new SchedulerEvents.ContainerCreated(placed.SwarmId, created.Id));

        Assert.Equal(1, state.Cluster.FindNode(placed.NodeId)!.UsedCpus);
        Assert.Equal(created.Id, state.Find(placed.SwarmId)!.EngineContainerId);
        Assert.NotNull(state.Decide(Place(cpus: 1)).ToRecord);
    }

    [Fact]
    public void Removing_frees_the_name_and_the_reservation()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 1));
        var placed = Record(state, Place("web", cpus: 1));
        state.Apply(new SchedulerEvents.ContainerRemoved(placed.SwarmId));

        Assert.Equal(0, state.ContainerCount);
        Assert.NotNull(state.Decide(Place("web", cpus: 1)).ToRecord);
    }

    [Fact]
    public void Invalid_requests_are_rejected_with_the_parsers_message()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"));
        var outcome = state.Decide(Place(env: "constraint:a==b"));
        Assert.Equal((PlacementFailure.InvalidRequest, "Key 'a' is invalid"), (outcome.Rejection!.Failure, outcome.Rejection.Error));
    }

    [Fact]
    public void The_digest_is_the_same_for_the_same_events_and_differs_otherwise()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"), EngineSnapshots.Healthy("node-2"));
        var events = Enumerable.Range(0, 20).Select(i => Record(state, Place("c" + i))).ToList();

        var replayed = new SchedulerState(SchedulerOptions.Default);
        foreach (var placed in events) replayed.Apply(placed);
        Assert.Equal(state.Digest(), replayed.Digest());

        var restored = new SchedulerState(SchedulerOptions.Default);
        restored.Restore(state.ToSnapshot());
        Assert.Equal(state.Digest(), restored.Digest());

        replayed.Apply(new SchedulerEvents.DesiredStateChanged(events[3].SwarmId, DesiredState.Running));
        Assert.NotEqual(state.Digest(), replayed.Digest());
    }

    [Fact]
    public void Applying_an_event_twice_changes_nothing_more()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 4));
        var placed = Record(state, Place("web", cpus: 1));
        string digest = state.Digest();
        state.Apply(placed);
        Assert.Equal(digest, state.Digest());
        Assert.Equal(1, state.Cluster.FindNode(placed.NodeId)!.UsedCpus);
    }
}
