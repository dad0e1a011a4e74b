using Akka.Actor;
using Akka.Configuration;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>The scheduler over a real Akka.Persistence.Sql journal: what it acknowledged survives a restart.</summary>
public abstract class SchedulerPersistenceBehaviour : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly IJournalStore journal;

    protected SchedulerPersistenceBehaviour(IJournalStore journal, ITestOutputHelper output)
        : base(Configuration(journal), "scheduler", output) => this.journal = journal;

    private static Config Configuration(IJournalStore journal) =>
        ConfigurationFactory.ParseString(journal.Config + "\n" + SchedulerSerializer.Config + "\n" + Swarm.Actors.SwarmMessageSerializer.Config + "\nakka.loglevel = WARNING");

    // TestKit calls AfterAll before it shuts the actor system down; the journal may only go once the system is gone.
    protected override void AfterAll()
    {
        base.AfterAll();
        Shutdown();
        journal.Dispose();
    }

    [Fact]
    public async Task Every_acknowledged_placement_survives_a_restart_and_the_state_is_identical()
    {
        var scheduler = StartScheduler(Sys);
        var placements = Enumerable.Range(0, 300).Select(i => scheduler.Ask<object>(Place("c" + i), Patience));
        var answers = await Task.WhenAll(placements);
        var placed = answers.Select(a => Assert.IsType<SchedulerCommands.Placed>(a)).ToList();
        Assert.Equal(300, placed.Select(p => p.SwarmId).Distinct().Count());
        var before = await scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
        Assert.Equal(300, before.Containers);
        Assert.Equal(300, before.LastSequenceNr);

        await Sys.Terminate();
        var after = await WithRestartedScheduler(async restarted =>
            await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience));
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task A_hand_over_answers_every_placement_already_received_then_stops()
    {
        var scheduler = StartScheduler(Sys);
        Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("first"), Patience));
        Watch(scheduler);
        var placements = Enumerable.Range(0, 200).Select(i => scheduler.Ask<object>(Place("h" + i), Patience)).ToList();
        scheduler.Tell(SchedulerActor.HandOver.Instance);
        var answers = await Task.WhenAll(placements);
        Assert.All(answers, answer => Assert.IsType<SchedulerCommands.Placed>(answer));
        ExpectTerminated(scheduler, Patience);

        await Sys.Terminate();
        var digest = await WithRestartedScheduler(async restarted =>
            await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience));
        Assert.Equal(201, digest.Containers);
    }

    [Fact]
    public async Task A_retry_after_a_restart_gets_the_same_placement_and_creates_nothing_new()
    {
        var scheduler = StartScheduler(Sys);
        var first = Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));
        await Sys.Terminate();

        await WithRestartedScheduler(async restarted =>
        {
            var retry = Assert.IsType<SchedulerCommands.Placed>(await restarted.Ask<object>(new SchedulerCommands.PlaceContainer(first.Request), Patience));
            Assert.Equal((first.SwarmId, first.NodeId), (retry.SwarmId, retry.NodeId));
            var digest = await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
            Assert.Equal((1, 1L), (digest.Containers, digest.LastSequenceNr));
            return true;
        });
    }

    [Fact]
    public async Task Rejections_are_answered_at_once_and_never_journaled()
    {
        var scheduler = StartScheduler(Sys);
        Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));
        var conflict = Assert.IsType<SchedulerCommands.Rejected>(await scheduler.Ask<object>(Place("web"), Patience));
        Assert.Equal(PlacementFailure.NameConflict, conflict.Failure);
        var unschedulable = Assert.IsType<SchedulerCommands.Rejected>(await scheduler.Ask<object>(Place("big", cpus: 64), Patience));
        Assert.Equal(SchedulingErrors.NoResources, unschedulable.Error);
        Assert.Equal(1, (await scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience)).LastSequenceNr);
    }

    [Fact]
    public async Task Later_facts_are_journaled_too_and_recovery_from_a_snapshot_matches()
    {
        var scheduler = StartScheduler(Sys, snapshotInterval: 50);
        var placed = new List<SchedulerCommands.Placed>();
        for (int i = 0; i < 120; i++) placed.Add(Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("c" + i), Patience)));
        Assert.IsType<SchedulerCommands.Recorded>(await scheduler.Ask<object>(new SchedulerCommands.RecordCreated(placed[0].SwarmId, new string('e', 64)), Patience));
        Assert.IsType<SchedulerCommands.Recorded>(await scheduler.Ask<object>(new SchedulerCommands.SetDesiredState(placed[0].SwarmId, DesiredState.Running), Patience));
        Assert.IsType<SchedulerCommands.Recorded>(await scheduler.Ask<object>(new SchedulerCommands.RemoveContainer(placed[1].SwarmId), Patience));
        Assert.IsType<SchedulerCommands.UnknownContainer>(await scheduler.Ask<object>(new SchedulerCommands.RemoveContainer(placed[1].SwarmId), Patience));
        var before = await scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
        await AwaitAssertAsync(() => Assert.True(journal.SnapshotCount() > 0, "no snapshot was saved"), TimeSpan.FromSeconds(5));
        await Sys.Terminate();

        var (after, record) = await WithRestartedScheduler(async restarted => (
            await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience),
            await restarted.Ask<object>(new SchedulerCommands.GetContainer(placed[0].SwarmId), Patience)));
        Assert.Equal(before, after);
        var recovered = Assert.IsType<ContainerRecord>(record);
        Assert.Equal((new string('e', 64), DesiredState.Running), (recovered.EngineContainerId, recovered.DesiredState));
    }

    [Fact]
    public async Task A_journal_written_before_the_compact_shapes_recovers_and_goes_on_in_them()
    {
        await Sys.Terminate();
        var earlier = ActorSystem.Create("earlier", ConfigurationFactory.ParseString(journal.Config + "\n" + EarlierScheduler.Config + "\nakka.loglevel = WARNING"));
        try
        {
            var writer = earlier.ActorOf(Props.Create<EarlierScheduler>());
            Assert.Equal(1L, await writer.Ask<long>(WrittenBefore("ContainerPlaced.v1", "ContainerPlaced.v1.json"), Patience));
            Assert.Equal(1L, await writer.Ask<long>(new EarlierScheduler.AsSnapshot(WrittenBefore("SchedulerSnapshot.v1", "SchedulerSnapshot.v1.json")), Patience));
            Assert.Equal(2L, await writer.Ask<long>(WrittenBefore("ContainerPlaced.v1", "ContainerPlaced.v1.scale-benchmark.json"), Patience));
            Assert.Equal(3L, await writer.Ask<long>(WrittenBefore("GlobalInstancePlaced.v1", "GlobalInstancePlaced.v1.json"), Patience));
        }
        finally
        {
            await earlier.Terminate();
        }

        const string benchmarked = "a35c769488c75710a498450f5f8c9e8ef157b437b58889132f797b8441586fee";
        var (recovered, placedThen, global, live) = await WithRestartedScheduler(async restarted =>
        {
            var digest = await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
            var record = Assert.IsType<ContainerRecord>(await restarted.Ask<object>(new SchedulerCommands.GetContainer(benchmarked), Patience));
            var found = Assert.IsType<SchedulerCommands.GlobalContainer>(await restarted.Ask<object>(new SchedulerCommands.GetGlobal("agent"), Patience));
            // It goes on in the new shapes.
            Assert.IsType<SchedulerCommands.Placed>(await restarted.Ask<object>(Place("after"), Patience));
            return (digest, record, found, await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience));
        });
        // The snapshot's three records and the container placed after it; the instance placed after it replaced its record.
        Assert.Equal((4, 3L), (recovered.Containers, recovered.LastSequenceNr));
        Assert.Equal(("scale-2", "A2FF:9B8B:2CF7:ADF7:800B:BE08:3251:9243:4F20:E22E:027B:9478|127.0.0.1:47942"), (placedThen.Name, placedThen.NodeId));
        Assert.Equal(benchmarked, placedThen.Request.Labels[Swarm.Scheduling.Requests.SchedulingRequest.SwarmIdLabel]);
        Assert.Equal("""{"Hostname":"","Cmd":["sleep","3600"],"HostConfig":{"NetworkMode":"default","RestartPolicy":{"Name":"No"}}}""", placedThen.CreateConfig);
        Assert.Equal(new string('f', 64), global.Global.GlobalId);
        Assert.Equal([new string('b', 64)], global.Instances.Select(i => i.SwarmId));

        // Old shapes and new in one journal: read to the state the scheduler had live.
        var again = await WithRestartedScheduler(async restarted => await restarted.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience));
        Assert.Equal((5, 4L), (again.Containers, again.LastSequenceNr));
        Assert.Equal(live, again);
    }

    private static EarlierScheduler.WrittenBefore WrittenBefore(string manifest, string file) =>
        new(manifest, File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Scheduler", "WrittenBefore", file)));

    private static SchedulerCommands.PlaceContainer Place(string name, long cpus = 0) =>
        new(new ContainerRequest { Name = name, Image = "busybox", Cpus = cpus, Memory = 16L << 20 });

    private static IActorRef StartScheduler(ActorSystem system, int snapshotInterval = 1000)
    {
        var scheduler = system.ActorOf(SchedulerActor.Props(SchedulerOptions.Default, snapshotInterval: snapshotInterval));
        foreach (string name in new[] { "node-1", "node-2", "node-3" })
        {
            scheduler.Tell(new SchedulerCommands.EngineReport(EngineSnapshots.Healthy(name, cpus: 8, memory: 64 * EngineSnapshots.GiB)));
        }
        return scheduler;
    }

    private async Task<T> WithRestartedScheduler<T>(Func<IActorRef, Task<T>> use)
    {
        var system = ActorSystem.Create("restarted", Configuration(journal));
        try
        {
            return await use(StartScheduler(system));
        }
        finally
        {
            await system.Terminate();
        }
    }
}

public sealed class SqliteSchedulerPersistenceTests(ITestOutputHelper output) : SchedulerPersistenceBehaviour(new SqliteJournal(), output);

public sealed class PostgresSchedulerPersistenceTests(PostgresServer server, ITestOutputHelper output)
    : SchedulerPersistenceBehaviour(server.NewDatabase(), output), IClassFixture<PostgresServer>;
