using Akka.Actor;
using Akka.TestKit;
using Docker.DotNet.Models;
using Swarm.Actors.Engines;
using Swarm.Actors.Tests.Support;
using Swarm.Engines;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Xunit.Abstractions;
using ContainerState = Swarm.Scheduling.Model.ContainerState;

namespace Swarm.Actors.Tests.Engines;

/// <summary>
/// What an engine actor must do, whatever engine it watches. Run once against real dockerd engines and once
/// against hollow ones, so that scale tests on hollow engines can be trusted.
/// </summary>
public abstract class EngineActorBehaviour(IEngineTargets engines, ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING", output)
{
    /// <summary>Refreshes rarely: whatever the view learns quickly, it learned from the event stream.</summary>
    protected static readonly EngineSettings EventsOnly = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 2, TimeSpan.FromSeconds(5));

    /// <summary>Classic's test settings (1s refresh), two failures to be unhealthy, one second per call.</summary>
    protected static readonly EngineSettings Fast = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(1));

    private static readonly TimeSpan Connecting = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Failing = TimeSpan.FromSeconds(20);

    protected IEngineTargets Engines => engines;

    [Fact]
    public void Connects_with_classic_identity_standard_and_engine_labels_and_its_images()
    {
        var (_, listener) = Watch(engines[1], EventsOnly);
        var engine = listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting).Engine;

        Assert.Equal(EngineStatus.Healthy, engine.Health.Status);
        Assert.Equal(100, engine.Health.HealthIndicator);
        Assert.Equal("node-1", engine.Name);
        Assert.Equal(engine.Specs!.DockerId + "|" + engines[1].Address, engine.Id);
        foreach (string standard in new[] { "storagedriver", "kernelversion", "operatingsystem", "ostype" }) Assert.True(engine.Labels.ContainsKey(standard), standard);
        Assert.Equal("linux", engine.Labels["ostype"]);
        Assert.Equal("eu", engine.Labels["region"]);
        Assert.False(engine.Labels.ContainsKey("node"));
        Assert.Contains(engine.Images, image => image.RepoTags.Contains("busybox:latest"));
        Assert.True(engine.Specs.Cpus > 0 && engine.Specs.Memory > 0);
        Assert.Equal("1.41", engine.Specs.ApiVersion);
    }

    [Fact]
    public async Task Containers_made_directly_on_the_engine_appear_through_events_within_a_second()
    {
        var target = engines[1];
        var (actor, listener) = Watch(target, EventsOnly);
        var connected = listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting).Engine;
        using var direct = target.NewClient();
        string name = "direct-" + Guid.NewGuid().ToString("N")[..8];

        var created = await direct.CreateContainerAsync(new CreateContainerParameters
        {
            Name = name,
            Image = "busybox:latest",
            Cmd = ["sleep", "300"],
            HostConfig = new HostConfig { Memory = 64L << 20, CPUShares = 1024 },
        }, CancellationToken.None);
        await direct.StartContainerAsync(created.ID, CancellationToken.None);
        var running = await AwaitContainer(actor, created.ID, c => c.State == ContainerState.Running);
        Assert.Equal(name, running.Name);
        var snapshot = await Snapshot(actor);
        Assert.Equal(64L << 20, snapshot.Containers.Where(c => c.Id == created.ID).Sum(c => c.Memory));
        Assert.Equal(connected.ReservedMemory + (64L << 20), snapshot.ReservedMemory);
        Assert.Equal(connected.ReservedCpus + connected.Specs!.Cpus, snapshot.ReservedCpus);
        listener.FishForMessage<EngineEvents.ContainerUpdated>(u => u.Container.Id == created.ID, TimeSpan.FromSeconds(1));

        await direct.StopContainerAsync(created.ID, 0, CancellationToken.None);
        await AwaitContainer(actor, created.ID, c => c.State == ContainerState.Exited);

        await direct.RemoveContainerAsync(created.ID, force: true, removeVolumes: true, CancellationToken.None);
        await AwaitAssertAsync(async () => Assert.DoesNotContain((await Snapshot(actor)).Containers, c => c.Id == created.ID), TimeSpan.FromSeconds(1));
        listener.FishForMessage<EngineEvents.ContainerRemoved>(r => r.ContainerId == created.ID, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_killed_engine_turns_unhealthy_after_the_retries_and_comes_back_with_engine_reconnect()
    {
        var target = engines[2];
        var (actor, listener) = Watch(target, Fast);
        listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        try
        {
            target.Kill();
            var down = listener.FishForMessage<EngineEvents.EngineDisconnected>(_ => true, Failing).Engine;
            Assert.Equal(EngineStatus.Unhealthy, down.Health.Status);
            Assert.Equal(Fast.FailureRetry, down.Health.FailureCount);
            Assert.Equal(0, (await Snapshot(actor)).Health.HealthIndicator);
            Assert.Equal(ClusterEventNames.EngineDisconnect, new EngineEvents.EngineDisconnected(down).Action);
        }
        finally
        {
            target.Restart();
        }
        var back = listener.FishForMessage<EngineEvents.EngineReconnected>(_ => true, Failing).Engine;
        Assert.Equal(EngineStatus.Healthy, back.Health.Status);
        Assert.Equal(100, (await Snapshot(actor)).Health.HealthIndicator);
    }

    [Fact]
    public async Task A_hung_engine_turns_unhealthy_and_recovers_when_it_answers_again()
    {
        var target = engines[3];
        var (actor, listener) = Watch(target, Fast);
        listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        try
        {
            target.Hang();
            var down = listener.FishForMessage<EngineEvents.EngineDisconnected>(_ => true, Failing).Engine;
            Assert.Equal(EngineStatus.Unhealthy, down.Health.Status);
            Assert.Contains("did not answer", down.Health.LastError);
        }
        finally
        {
            target.Resume();
        }
        listener.FishForMessage<EngineEvents.EngineReconnected>(_ => true, Failing);
        Assert.Equal(EngineStatus.Healthy, (await Snapshot(actor)).Health.Status);
    }

    [Fact]
    public async Task A_hung_engine_slows_neither_its_own_actor_nor_another_engine()
    {
        var (hungActor, hungListener) = Watch(engines[3], Fast);
        var (healthyActor, healthyListener) = Watch(engines[1], EventsOnly);
        hungListener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        healthyListener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        engines[3].Hang();
        try
        {
            hungListener.FishForMessage<EngineEvents.EngineDisconnected>(_ => true, Failing);
            using var direct = engines[1].NewClient();
            var created = await direct.CreateContainerAsync(new CreateContainerParameters { Image = "busybox:latest", Cmd = ["true"] }, CancellationToken.None);
            await AwaitContainer(healthyActor, created.ID, _ => true);
            var answered = await hungActor.Ask<EngineSnapshot>(EngineCommands.GetSnapshot.Instance, TimeSpan.FromMilliseconds(500));
            Assert.Equal("node-3", answered.Name);
            await direct.RemoveContainerAsync(created.ID, true, true, CancellationToken.None);
        }
        finally
        {
            engines[3].Resume();
        }
        hungListener.FishForMessage<EngineEvents.EngineReconnected>(_ => true, Failing);
    }

    [Fact]
    public async Task The_event_stream_is_reopened_after_the_engine_comes_back()
    {
        var target = engines[2];
        var (actor, listener) = Watch(target, EventsOnly);
        listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        target.Kill();
        target.Restart();

        // Refreshes are a minute apart here, so only a reopened event stream can bring the new container in time.
        using var direct = target.NewClient();
        var created = await direct.CreateContainerAsync(new CreateContainerParameters { Image = "busybox:latest", Cmd = ["true"] }, CancellationToken.None);
        await AwaitAssertAsync(async () => Assert.Contains((await Snapshot(actor)).Containers, c => c.Id == created.ID), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
        await direct.RemoveContainerAsync(created.ID, true, true, CancellationToken.None);
    }

    [Fact]
    public void Engines_that_share_a_dockerd_id_are_told_apart_by_address()
    {
        var (_, first) = Watch(engines[1], EventsOnly);
        var (_, second) = Watch(engines[2], EventsOnly);
        var one = first.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting).Engine;
        var two = second.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting).Engine;

        Assert.Equal(one.Specs!.DockerId, two.Specs!.DockerId);
        Assert.NotEqual(one.Id, two.Id);
        Assert.EndsWith("|" + engines[1].Address, one.Id);
        Assert.EndsWith("|" + engines[2].Address, two.Id);
    }

    [Fact]
    public void Removing_an_engine_emits_engine_disconnect_and_stops_its_actor()
    {
        var (actor, listener) = Watch(engines[1], EventsOnly);
        listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        Watch(actor);
        actor.Tell(EngineCommands.Disconnect.Instance);
        var gone = listener.FishForMessage<EngineEvents.EngineDisconnected>(_ => true, TimeSpan.FromSeconds(3)).Engine;
        Assert.Equal(EngineStatus.Disconnected, gone.Health.Status);
        ExpectTerminated(actor, TimeSpan.FromSeconds(3));
    }

    protected (IActorRef Actor, TestProbe Listener) Watch(IEngineTarget target, EngineSettings settings)
    {
        var listener = CreateTestProbe();
        return (Sys.ActorOf(EngineActor.Props(target.NewClient(), listener.Ref, settings)), listener);
    }

    protected static Task<EngineSnapshot> Snapshot(IActorRef actor) => actor.Ask<EngineSnapshot>(EngineCommands.GetSnapshot.Instance, TimeSpan.FromSeconds(3));

    /// <summary>Waits at most a second for the actor's view to hold the container in the wanted shape.</summary>
    private async Task<EngineContainer> AwaitContainer(IActorRef actor, string id, Func<EngineContainer, bool> wanted)
    {
        EngineContainer? found = null;
        await AwaitAssertAsync(async () =>
        {
            found = (await Snapshot(actor)).Containers.SingleOrDefault(c => c.Id == id);
            Assert.True(found is not null && wanted(found), $"container {id} not (yet) as expected: {found?.State}");
        }, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(50));
        return found!;
    }
}
