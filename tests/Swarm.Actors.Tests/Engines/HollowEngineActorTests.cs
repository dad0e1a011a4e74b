using Akka.Actor;
using Swarm.Actors.Engines;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Swarm.Engines.Hollow;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The engine actor over hollow engines: the same behaviour as over real ones, plus what only a simulation can stage.</summary>
public sealed class HollowEngineActorTests(ITestOutputHelper output) : EngineActorBehaviour(new HollowEngines(), output)
{
    [Fact]
    public async Task A_swarm_manager_target_is_refused_with_classics_message_and_stays_pending()
    {
        var manager = new HollowEngine(new HollowEngineOptions { Address = "127.0.1.9:2375", Name = "manager", Cpus = 0, Memory = 0 });
        var listener = CreateTestProbe();
        var actor = Sys.ActorOf(EngineActor.Props(manager.Connect(), listener.Ref, Fast));

        await AwaitAssertAsync(async () =>
        {
            var snapshot = await Snapshot(actor);
            Assert.Equal(EngineStatus.Pending, snapshot.Health.Status);
            Assert.Equal("cannot get resources for this engine, make sure 127.0.1.9:2375 is a Docker Engine, not a Swarm manager", snapshot.Health.LastError);
        }, TimeSpan.FromSeconds(3));
        listener.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_create_repeated_while_the_first_runs_is_answered_by_it_and_makes_one_container()
    {
        var slow = new HollowEngine(new HollowEngineOptions { Address = "127.0.1.8:2375", Name = "slow", Latency = TimeSpan.FromMilliseconds(300) });
        var actor = Sys.ActorOf(EngineActor.Props(slow.Connect(), CreateTestProbe().Ref, Fast));
        string swarmId = new('c', 64);
        var parameters = new Docker.DotNet.Models.CreateContainerParameters
        {
            Image = "busybox",
            Labels = new Dictionary<string, string> { [Swarm.Scheduling.Requests.SchedulingRequest.SwarmIdLabel] = swarmId },
        };
        var first = actor.Ask<object>(new EngineCommands.CreateContainer(parameters), TimeSpan.FromSeconds(10));
        var repeat = actor.Ask<object>(new EngineCommands.CreateContainer(parameters, AdoptSwarmId: swarmId), TimeSpan.FromSeconds(10));

        var answers = await Task.WhenAll(first, repeat);
        Assert.Equal(Assert.IsType<EngineCommands.OperationDone>(answers[0]).ContainerId, Assert.IsType<EngineCommands.OperationDone>(answers[1]).ContainerId);
        Assert.Single(await slow.Connect().ListContainersAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_engine_unreachable_at_first_stays_pending_then_connects()
    {
        var engines = (HollowEngines)Engines;
        engines.Engine(2).Fault = HollowFault.Refuse;
        var (actor, listener) = Watch(engines[2], Fast);
        await AwaitAssertAsync(async () =>
        {
            var snapshot = await Snapshot(actor);
            Assert.Equal(EngineStatus.Pending, snapshot.Health.Status);
            Assert.Contains("Connection refused", snapshot.Health.LastError);
        }, TimeSpan.FromSeconds(2));
        // Nothing but "unreachable" (for a scheduler that may hold containers there): no connect, no health change.
        var heard = listener.ReceiveWhile(TimeSpan.FromMilliseconds(500), message => message);
        Assert.NotEmpty(heard);
        Assert.All(heard, message => Assert.Equal(engines[2].Address, Assert.IsType<EngineEvents.EngineUnreachable>(message).Address));

        engines.Engine(2).Fault = HollowFault.None;
        var connected = listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, TimeSpan.FromSeconds(10)).Engine;
        Assert.Equal(EngineStatus.Healthy, connected.Health.Status);
    }

    [Fact]
    public async Task A_burst_of_events_for_one_container_costs_one_inspect_in_flight_and_one_more()
    {
        var engine = new HollowEngine(new HollowEngineOptions { Address = "127.0.1.7:2375", Name = "bursty" });
        var gated = new GatedInspects(engine.Connect());
        var actor = Sys.ActorOf(EngineActor.Props(gated, CreateTestProbe().Ref, EventsOnly));
        await AwaitAssertAsync(async () => Assert.Equal(EngineStatus.Healthy, (await Snapshot(actor)).Health.Status), TimeSpan.FromSeconds(5));

        gated.Close();
        var direct = engine.Connect();
        string id = (await direct.CreateContainerAsync(new Docker.DotNet.Models.CreateContainerParameters { Image = "busybox", Name = "burst" }, CancellationToken.None)).ID;
        await AwaitConditionAsync(() => Task.FromResult(gated.Inspects == 1), TimeSpan.FromSeconds(5));
        await direct.StartContainerAsync(id, CancellationToken.None);
        await direct.PauseContainerAsync(id, CancellationToken.None);
        await direct.UnpauseContainerAsync(id, CancellationToken.None);
        await Task.Delay(300);
        Assert.Equal(1, gated.Inspects);

        gated.Open();
        await AwaitAssertAsync(async () =>
        {
            var container = Assert.Single((await Snapshot(actor)).Containers);
            Assert.Equal(Swarm.Scheduling.Model.ContainerState.Running, container.State);
        }, TimeSpan.FromSeconds(5));
        Assert.Equal(2, gated.Inspects);
    }

    [Fact]
    public async Task A_container_destroyed_while_it_was_being_inspected_stays_gone()
    {
        var engine = new HollowEngine(new HollowEngineOptions { Address = "127.0.1.6:2375", Name = "racy" });
        var gated = new GatedInspects(engine.Connect());
        var actor = Sys.ActorOf(EngineActor.Props(gated, CreateTestProbe().Ref, EventsOnly));
        await AwaitAssertAsync(async () => Assert.Equal(EngineStatus.Healthy, (await Snapshot(actor)).Health.Status), TimeSpan.FromSeconds(5));

        gated.Close();
        var direct = engine.Connect();
        string id = (await direct.CreateContainerAsync(new Docker.DotNet.Models.CreateContainerParameters { Image = "busybox", Name = "short-lived" }, CancellationToken.None)).ID;
        await AwaitConditionAsync(() => Task.FromResult(gated.Inspects == 1), TimeSpan.FromSeconds(5));
        await direct.RemoveContainerAsync(id, force: true, removeVolumes: false, CancellationToken.None);
        await Task.Delay(300);
        gated.Open();

        await Task.Delay(500);
        Assert.Empty((await Snapshot(actor)).Containers);
        Assert.Equal(1, gated.Inspects);
    }

    [Fact]
    public async Task Network_connects_and_volume_mounts_leave_the_lists_alone_and_a_new_network_reads_them_again()
    {
        var engine = new HollowEngine(new HollowEngineOptions { Address = "127.0.1.5:2375", Name = "chatty" });
        var counted = new GatedInspects(engine.Connect());
        var actor = Sys.ActorOf(EngineActor.Props(counted, CreateTestProbe().Ref, EventsOnly));
        await AwaitAssertAsync(async () => Assert.Equal(EngineStatus.Healthy, (await Snapshot(actor)).Health.Status), TimeSpan.FromSeconds(5));
        await Task.Delay(300);
        int before = counted.NetworkLists;

        // What dockerd sends at every container start and stop.
        foreach (var (type, action) in new[] { ("network", "connect"), ("volume", "mount"), ("volume", "unmount"), ("network", "disconnect") })
        {
            counted.Inject(new Docker.DotNet.Models.Message { Type = type, Action = action, Actor = new Docker.DotNet.Models.Actor { ID = "n1" } });
        }
        await Task.Delay(500);
        Assert.Equal(before, counted.NetworkLists);

        counted.Inject(new Docker.DotNet.Models.Message { Type = "network", Action = "create", Actor = new Docker.DotNet.Models.Actor { ID = "n2" } });
        await AwaitConditionAsync(() => Task.FromResult(counted.NetworkLists == before + 1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Hollow_engines_say_they_are_simulated()
    {
        var (_, listener) = Watch(Engines[1], EventsOnly);
        var engine = listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, TimeSpan.FromSeconds(5)).Engine;
        Assert.Equal("true", engine.Labels["hollow"]);
        Assert.Contains("simulated", engine.Labels["operatingsystem"]);
    }
}
