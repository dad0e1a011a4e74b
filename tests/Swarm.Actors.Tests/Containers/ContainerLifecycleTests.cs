using Akka.Actor;
using Akka.Cluster;
using Docker.DotNet.Models;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Hollow;
using Swarm.Scheduling;
using Swarm.Scheduling.Requests;
using Xunit.Abstractions;
using ContainerRequest = Swarm.Scheduling.Model.ContainerRequest;

namespace Swarm.Actors.Tests.Containers;

/// <summary>
/// A whole manager in one process (cluster of one, scheduler singleton, container shards, engine actors over two
/// hollow engines): container actors place, create and drive containers by their swarm IDs.
/// </summary>
public sealed class ContainerLifecycleTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(1);
    private readonly SqliteJournal journal;
    private readonly HollowEngines engines = new();
    private readonly IActorRef containers;
    private readonly IActorRef scheduler;

    public ContainerLifecycleTests(ITestOutputHelper output) : this(new SqliteJournal(), output)
    {
    }

    private ContainerLifecycleTests(SqliteJournal journal, ITestOutputHelper output)
        : base(ManagerClusterConfig.For(journal), "manager", output)
    {
        this.journal = journal;
        Cluster.Get(Sys).Join(Cluster.Get(Sys).SelfAddress);
        SchedulerSingleton.StartManager(Sys, SchedulerOptions.Default);
        scheduler = SchedulerSingleton.StartProxy(Sys);
        var directory = Sys.ActorOf(EngineDirectory.Props(scheduler));
        for (int n = 1; n <= 2; n++)
        {
            var settings = new EngineSettings(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), 3, TimeSpan.FromSeconds(5));
            Sys.ActorOf(EngineActor.Props(engines[n].NewClient(), directory, settings));
        }
        containers = ContainerShards.Start(Sys, scheduler, directory, IdleTimeout);
    }

    // TestKit calls AfterAll before it shuts the actor system down; the journal may only go once the system is gone.
    protected override void AfterAll()
    {
        base.AfterAll();
        Shutdown();
        journal.Dispose();
    }

    [Fact]
    public async Task A_container_is_placed_created_started_stopped_and_removed_by_its_swarm_id()
    {
        string swarmId = NewSwarmId();
        var created = await CreateWhenEnginesAreKnown(swarmId, "web");
        var engine = Engine(created.NodeId);
        var inspect = await engine.Connect().InspectContainerAsync(created.EngineContainerId, CancellationToken.None);
        Assert.Equal("/web", inspect.Name);
        Assert.Equal(swarmId, inspect.Config.Labels[SchedulingRequest.SwarmIdLabel]);
        Assert.Equal("[\"region==eu\"]", inspect.Config.Labels["com.docker.swarm.constraints"]);
        Assert.DoesNotContain(inspect.Config.Env, e => e.StartsWith("constraint:"));

        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Start), Patience));
        Assert.True((await engine.Connect().InspectContainerAsync(created.EngineContainerId, CancellationToken.None)).State.Running);
        var record = Assert.IsType<ContainerRecord>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(swarmId), Patience));
        Assert.Equal((DesiredState.Running, created.EngineContainerId), (record.DesiredState, record.EngineContainerId));

        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Stop, WaitSeconds: 0), Patience));
        Assert.Equal("exited", (await engine.Connect().InspectContainerAsync(created.EngineContainerId, CancellationToken.None)).State.Status);

        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Remove, Force: true), Patience));
        Assert.Empty(await engine.Connect().ListContainersAsync(CancellationToken.None));
        Assert.IsType<SchedulerCommands.UnknownContainer>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(swarmId), Patience));
    }

    [Fact]
    public async Task A_call_asked_again_with_its_request_id_gets_its_first_answer_and_is_not_carried_out_twice()
    {
        string swarmId = NewSwarmId();
        var created = await CreateWhenEnginesAreKnown(swarmId, "repeated");
        var remove = new ContainerCommands.Operate(swarmId, ContainerOperation.Remove, Force: true, RequestId: "request-1");

        // Asked twice at once (the first answer lost, say): one removal, the same answer for both.
        var answers = await Task.WhenAll(containers.Ask<object>(remove, Patience), containers.Ask<object>(remove, Patience));
        Assert.All(answers, answer => Assert.IsType<ContainerCommands.Done>(answer));
        Assert.Empty(await Engine(created.NodeId).Connect().ListContainersAsync(CancellationToken.None));

        // Another request is another call: the container is gone now.
        var another = await containers.Ask<object>(remove with { RequestId = "request-2" }, Patience);
        Assert.Equal(404, Assert.IsType<ContainerCommands.Failed>(another).StatusCode);
    }

    [Fact]
    public async Task Creating_again_with_the_same_swarm_id_answers_the_same_container_and_makes_no_second()
    {
        string swarmId = NewSwarmId();
        var first = await CreateWhenEnginesAreKnown(swarmId, "once");
        var again = Assert.IsType<ContainerCommands.Created>(await containers.Ask<object>(CreateCommand(swarmId, "once"), Patience));
        Assert.Equal(first, again);
        int total = 0;
        for (int n = 1; n <= 2; n++) total += (await engines[n].NewClient().ListContainersAsync(CancellationToken.None)).Count;
        Assert.Equal(1, total);
    }

    [Fact]
    public async Task A_retry_after_a_lost_answer_adopts_the_container_the_first_attempt_made()
    {
        await CreateWhenEnginesAreKnown(NewSwarmId(), "warm-up-adopt");
        // The first attempt: placement journaled and the container made on the engine, then its manager died.
        var (swarmId, placed) = await PlacedOnly("adopted");
        var engine = Engine(placed.NodeId);
        var made = await engine.Connect().CreateContainerAsync(new CreateContainerParameters
        {
            Name = "adopted",
            Image = "busybox:latest",
            Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId },
        }, CancellationToken.None);

        var created = Assert.IsType<ContainerCommands.Created>(await containers.Ask<object>(CreateCommand(swarmId, "adopted"), Patience));
        Assert.Equal((placed.NodeId, made.ID), (created.NodeId, created.EngineContainerId));
        Assert.Single(await engine.Connect().ListContainersAsync(CancellationToken.None), c => c.Names.Contains("/adopted"));
        var record = Assert.IsType<ContainerRecord>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(swarmId), Patience));
        Assert.Equal(made.ID, record.EngineContainerId);
    }

    [Fact]
    public async Task A_taken_name_is_a_409_conflict_with_classics_message()
    {
        await CreateWhenEnginesAreKnown(NewSwarmId(), "taken");
        var refused = Assert.IsType<ContainerCommands.Failed>(await containers.Ask<object>(CreateCommand(NewSwarmId(), "taken"), Patience));
        Assert.Equal(409, refused.StatusCode);
        Assert.StartsWith("Conflict: The name taken is already assigned.", refused.Message);
    }

    [Fact]
    public async Task An_engine_refusal_is_passed_on_and_frees_the_name()
    {
        await CreateWhenEnginesAreKnown(NewSwarmId(), "warm-up");
        string swarmId = NewSwarmId();
        var command = CreateCommand(swarmId, "ghost") with { Request = new ContainerRequest { Name = "ghost", Image = "nosuch" } };
        command.Parameters.Image = "nosuch";
        var refused = Assert.IsType<ContainerCommands.Failed>(await containers.Ask<object>(command, Patience));
        Assert.Equal((404, "No such image: nosuch:latest"), (refused.StatusCode, refused.Message));
        Assert.IsType<SchedulerCommands.UnknownContainer>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(swarmId), Patience));
        Assert.IsType<ContainerCommands.Created>(await containers.Ask<object>(CreateCommand(NewSwarmId(), "ghost"), Patience));
    }

    [Fact]
    public async Task Idle_container_actors_passivate_and_come_back_with_their_container()
    {
        string swarmId = NewSwarmId();
        await CreateWhenEnginesAreKnown(swarmId, "sleeper");
        await AwaitAssertAsync(async () =>
        {
            var state = await containers.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, Patience);
            Assert.DoesNotContain(state.Shards, shard => shard.EntityIds.Contains(swarmId));
        }, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(200));

        // The state of record is the scheduler's: a fresh actor finds its container again.
        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Start), Patience));
        var state = await containers.Ask<Akka.Cluster.Sharding.CurrentShardRegionState>(Akka.Cluster.Sharding.GetShardRegionState.Instance, Patience);
        Assert.Contains(state.Shards, shard => shard.EntityIds.Contains(swarmId));
    }

    [Fact]
    public async Task A_placement_recorded_without_its_container_is_made_on_its_node_by_the_next_call_or_a_verify()
    {
        await CreateWhenEnginesAreKnown(NewSwarmId(), "warm-up-finish");
        // Each first attempt: the placement journaled (its name taken), then its manager died before the engine had it.
        // docker rm of one that cannot be made (its image is not on its node): forgotten, its name free again.
        var (unmakeable, _) = await PlacedOnly("never-made", image: "missing:1");
        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(unmakeable, ContainerOperation.Remove, Force: true), Patience));
        Assert.IsType<SchedulerCommands.UnknownContainer>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(unmakeable), Patience));

        // docker start by the name the 409 named: made, then started.
        var (started, startedAt) = await PlacedOnly("finished-by-start");
        Assert.IsType<ContainerCommands.Done>(await containers.Ask<object>(new ContainerCommands.Operate(started, ContainerOperation.Start), Patience));
        var record = Assert.IsType<ContainerRecord>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(started), Patience));
        Assert.Equal((startedAt.NodeId, DesiredState.Running), (record.NodeId, record.DesiredState));
        var inspect = await Engine(startedAt.NodeId).Connect().InspectContainerAsync(record.EngineContainerId, CancellationToken.None);
        Assert.Equal(("/finished-by-start", true, started), (inspect.Name, inspect.State.Running, inspect.Config.Labels[SchedulingRequest.SwarmIdLabel]));
        Assert.Equal(["sleep", "100"], inspect.Config.Cmd);

        // A verify (a recovered scheduler's, when the engine's view lacks it): made, not started, and only once.
        var (verified, verifiedAt) = await PlacedOnly("finished-by-verify");
        containers.Tell(new ContainerCommands.Verify(verified));
        containers.Tell(new ContainerCommands.Verify(verified));
        await AwaitAssertAsync(async () =>
            Assert.NotEqual("", Assert.IsType<ContainerRecord>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(verified), Patience)).EngineContainerId),
            Patience, TimeSpan.FromMilliseconds(100));
        var listed = await Engine(verifiedAt.NodeId).Connect().ListContainersAsync(CancellationToken.None);
        Assert.Equal("created", Assert.Single(listed, c => c.Names.Contains("/finished-by-verify")).State);
    }

    [Fact]
    public async Task A_placement_left_unmade_with_no_call_on_it_is_made_by_the_scheduler_s_check()
    {
        await CreateWhenEnginesAreKnown(NewSwarmId(), "warm-up-check");
        // The manager making it died after the journal write; nobody calls on it (a retried create met its name: 409).
        var (swarmId, placed) = await PlacedOnly("left-unmade");

        ContainerRecord record = null!;
        await AwaitAssertAsync(async () =>
        {
            record = Assert.IsType<ContainerRecord>(await scheduler.Ask<object>(new SchedulerCommands.GetContainer(swarmId), Patience));
            Assert.NotEqual("", record.EngineContainerId);
        }, SchedulerActor.CreationCheckInterval + Patience, TimeSpan.FromMilliseconds(200));
        var inspect = await Engine(placed.NodeId).Connect().InspectContainerAsync(record.EngineContainerId, CancellationToken.None);
        Assert.Equal(("/left-unmade", swarmId), (inspect.Name, inspect.Config.Labels[SchedulingRequest.SwarmIdLabel]));
    }

    [Fact]
    public async Task Calls_on_an_unknown_container_are_404()
    {
        string swarmId = NewSwarmId();
        var refused = Assert.IsType<ContainerCommands.Failed>(await containers.Ask<object>(new ContainerCommands.Operate(swarmId, ContainerOperation.Start), Patience));
        Assert.Equal((404, $"No such container: {swarmId}"), (refused.StatusCode, refused.Message));
    }

    private static ContainerCommands.Create CreateCommand(string swarmId, string name, string image = "busybox:latest") => new(
        swarmId,
        new ContainerRequest { Name = name, Image = image, Env = ["constraint:region==eu", "A=1"] },
        new CreateContainerParameters { Name = name, Image = image, Env = ["constraint:region==eu", "A=1"], Cmd = ["sleep", "100"] });

    // What a create does before it reaches the engine: the placement journaled under its swarm ID, the name taken.
    private async Task<(string SwarmId, SchedulerCommands.Placed Placed)> PlacedOnly(string name, string image = "busybox:latest")
    {
        string swarmId = NewSwarmId();
        var command = CreateCommand(swarmId, name, image);
        var labelled = command.Request with { Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId } };
        var placed = await scheduler.Ask<object>(new SchedulerCommands.PlaceContainer(labelled, CreateBody.Store(command.Parameters)), Patience);
        return (swarmId, Assert.IsType<SchedulerCommands.Placed>(placed));
    }

    // Engine actors report asynchronously; until one has, the scheduler knows no healthy node.
    private async Task<ContainerCommands.Created> CreateWhenEnginesAreKnown(string swarmId, string name)
    {
        object answer = null!;
        await AwaitAssertAsync(async () =>
        {
            answer = await containers.Ask<object>(CreateCommand(swarmId, name), Patience);
            Assert.IsType<ContainerCommands.Created>(answer);
        }, Patience, TimeSpan.FromMilliseconds(200));
        return (ContainerCommands.Created)answer;
    }

    private HollowEngine Engine(string nodeId) =>
        Enumerable.Range(1, 3).Select(engines.Engine).Single(e => nodeId.EndsWith("|" + e.Address, StringComparison.Ordinal));

    private static string NewSwarmId() => SwarmIds.New(Random.Shared, _ => false);
}
