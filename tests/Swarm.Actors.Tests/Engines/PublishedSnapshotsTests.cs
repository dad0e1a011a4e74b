using Akka.Actor;
using Docker.DotNet.Models;
using Swarm.Actors.Engines;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.Health;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Engines;

/// <summary>
/// Engine actors push their snapshot to the directory when it changes, and the directory answers docker ps and
/// docker info from what they pushed: the same answer while nothing changed, a new one as soon as something did.
/// </summary>
public sealed class PublishedSnapshotsTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit("akka.loglevel = WARNING", output)
{
    // Refreshes far apart and a heartbeat every 100 ms: heartbeats that change nothing must not count as changes.
    private static readonly EngineSettings Quiet = new(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 2, TimeSpan.FromSeconds(5)) { HeartbeatInterval = TimeSpan.FromMilliseconds(100) };

    private static readonly TimeSpan Connecting = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_engine_actor_pushes_a_snapshot_when_it_changes_and_none_while_it_does_not()
    {
        var engines = new HollowEngines();
        var listener = CreateTestProbe();
        Sys.ActorOf(EngineActor.Props(engines[1].NewClient(), listener.Ref, Quiet, publishSnapshots: true));

        var first = listener.FishForMessage<EngineEvents.SnapshotChanged>(_ => true, Connecting).Engine;
        Assert.Equal(EngineStatus.Pending, first.Health.Status);
        var connected = listener.FishForMessage<EngineEvents.SnapshotChanged>(changed => changed.Engine.Health.Status == EngineStatus.Healthy, Connecting).Engine;
        Assert.Equal("node-1", connected.Name);

        // Twenty heartbeats, nothing new.
        await Task.Delay(2000);
        Assert.DoesNotContain(listener.ReceiveWhile(TimeSpan.FromMilliseconds(200), m => m), m => m is EngineEvents.SnapshotChanged);

        await engines.Engine(1).CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Name = "web" }, CancellationToken.None);
        var withWeb = listener.FishForMessage<EngineEvents.SnapshotChanged>(changed => changed.Engine.Containers.Count == 1, Connecting).Engine;
        Assert.Equal("web", withWeb.Containers[0].Name.TrimStart('/'));
    }

    [Fact]
    public void An_engine_actor_started_by_someone_else_pushes_once_asked_to()
    {
        var engines = new HollowEngines();
        var listener = CreateTestProbe();
        var actor = Sys.ActorOf(EngineActor.Props(engines[1].NewClient(), listener.Ref, Quiet));
        listener.FishForMessage<EngineEvents.EngineConnected>(_ => true, Connecting);
        Assert.DoesNotContain(listener.ReceiveWhile(TimeSpan.FromMilliseconds(300), m => m), m => m is EngineEvents.SnapshotChanged);

        var subscriber = CreateTestProbe();
        actor.Tell(EngineCommands.PublishSnapshots.Instance, subscriber.Ref);
        Assert.Equal("node-1", subscriber.ExpectMsg<EngineEvents.SnapshotChanged>(Connecting).Engine.Name);
    }

    [Fact]
    public async Task The_directory_answers_the_same_while_nothing_changes_and_anew_when_a_container_appears()
    {
        var engines = new HollowEngines();
        var byAddress = Enumerable.Range(1, 3).ToDictionary(n => engines[n].Address, n => engines[n]);
        var directory = Sys.ActorOf(EngineDirectory.Props(CreateTestProbe().Ref, watchFor: address => new EngineDirectory.EngineWatch(byAddress[address].NewClient(), Quiet)));
        directory.Tell(new EngineDirectory.WatchOnly([.. byAddress.Keys]));

        EngineDirectory.Engines answer = null!;
        await AwaitAssertAsync(async () =>
        {
            answer = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal(3, answer.All.Count(e => e.Health.Status == EngineStatus.Healthy));
        }, Connecting);
        // In address order, one each.
        Assert.Equal(byAddress.Keys.Order(StringComparer.Ordinal), answer.All.Select(e => e.Address));

        await Task.Delay(1000);
        var again = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(5));
        Assert.Same(answer, again);

        await engines.Engine(2).CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Name = "web" }, CancellationToken.None);
        await AwaitAssertAsync(async () =>
        {
            var changed = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(5));
            Assert.Single(changed.All.Single(e => e.Name == "node-2").Containers);
        }, Connecting);

        // Let go by discovery: gone from the answer.
        directory.Tell(new EngineDirectory.WatchOnly([engines[1].Address]));
        await AwaitAssertAsync(async () =>
        {
            var left = await directory.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(5));
            Assert.Equal(["node-1"], left.All.Select(e => e.Name));
        }, Connecting);
    }
}
