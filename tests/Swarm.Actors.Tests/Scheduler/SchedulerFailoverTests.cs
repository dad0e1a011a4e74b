using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>
/// Two managers in one Akka cluster sharing a journal: the scheduler singleton moves when its manager leaves and
/// recovers everything that was acknowledged. (In-process; the multi-process failover test comes with the host.)
/// </summary>
public sealed class SchedulerFailoverTests : Akka.TestKit.Xunit2.TestKit
{
    private const string SystemName = "managers";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteJournal journal;

    public SchedulerFailoverTests(ITestOutputHelper output) : this(new SqliteJournal(), output)
    {
    }

    private SchedulerFailoverTests(SqliteJournal journal, ITestOutputHelper output)
        : base(Configuration(journal), SystemName, output) => this.journal = journal;

    private static Config Configuration(SqliteJournal journal) => ManagerClusterConfig.For(journal);

    // TestKit calls AfterAll before it shuts the actor system down; the journal may only go once the system is gone.
    protected override void AfterAll()
    {
        base.AfterAll();
        Shutdown();
        journal.Dispose();
    }

    [Fact]
    public async Task The_scheduler_moves_to_the_next_manager_and_keeps_every_acknowledged_placement()
    {
        var first = Sys;
        Cluster.Get(first).Join(Cluster.Get(first).SelfAddress);
        var second = ActorSystem.Create(SystemName, Configuration(journal));
        try
        {
            Cluster.Get(second).Join(Cluster.Get(first).SelfAddress);
            await AwaitAssertAsync(() => Assert.Equal(2, Cluster.Get(first).State.Members.Count(m => m.Status == MemberStatus.Up)), Patience);

            SchedulerSingleton.StartManager(first, SchedulerOptions.Default);
            SchedulerSingleton.StartManager(second, SchedulerOptions.Default);
            var viaSecond = SchedulerSingleton.StartProxy(second);
            // The engines are watched by the second manager only: after the move, the new scheduler must learn them by asking.
            var directory = second.ActorOf(EngineDirectory.Props(viaSecond, subscribe: true));
            var engines = new HollowEngines();
            var settings = new EngineSettings(TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(5));
            for (int n = 1; n <= 2; n++) second.ActorOf(EngineActor.Props(engines[n].NewClient(), directory, settings));
            await AwaitAssertAsync(async () => Assert.IsType<SchedulerCommands.Placed>(await viaSecond.Ask<object>(Place("first"), Patience)), Patience, TimeSpan.FromMilliseconds(200));

            var placed = new List<SchedulerCommands.Placed>();
            foreach (var answer in await Task.WhenAll(Enumerable.Range(0, 100).Select(i => viaSecond.Ask<object>(Place("c" + i), Patience))))
            {
                placed.Add(Assert.IsType<SchedulerCommands.Placed>(answer));
            }
            var before = await viaSecond.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
            Assert.Equal(101, before.Containers);

            // The oldest manager hosts the singleton; it leaves, and the scheduler starts again on the second.
            await Cluster.Get(first).LeaveAsync();
            await first.Terminate();

            var after = await viaSecond.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
            Assert.Equal(before, after);

            var retry = Assert.IsType<SchedulerCommands.Placed>(await viaSecond.Ask<object>(new SchedulerCommands.PlaceContainer(placed[7].Request), Patience));
            Assert.Equal((placed[7].SwarmId, placed[7].NodeId), (retry.SwarmId, retry.NodeId));
            var conflict = Assert.IsType<SchedulerCommands.Rejected>(await viaSecond.Ask<object>(Place("c42"), Patience));
            Assert.Equal(PlacementFailure.NameConflict, conflict.Failure);
            Assert.IsType<SchedulerCommands.Placed>(await viaSecond.Ask<object>(Place("after-failover"), Patience));
        }
        finally
        {
            await second.Terminate();
        }
    }

    private static SchedulerCommands.PlaceContainer Place(string name) =>
        new(new ContainerRequest { Name = name, Image = "busybox", Memory = 16L << 20 });
}
