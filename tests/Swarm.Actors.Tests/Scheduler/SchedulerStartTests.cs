using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>
/// A scheduler that has just started (or moved to another manager) asks the engine directories for their engines
/// and, while no node is healthy, holds placements until each engine their discovery names has been heard from: engine
/// actors that moved with a manager that left connect again a few seconds later, and a <c>docker run</c> meanwhile must
/// not fail with "No healthy node available in the cluster".
/// </summary>
public sealed class SchedulerStartTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteJournal journal;

    public SchedulerStartTests(ITestOutputHelper output) : this(new SqliteJournal(), output)
    {
    }

    private SchedulerStartTests(SqliteJournal journal, ITestOutputHelper output)
        : base(ManagerClusterConfig.For(journal), "managers", output) =>
        this.journal = journal;

    protected override void AfterAll()
    {
        base.AfterAll();
        Shutdown();
        journal.Dispose();
    }

    [Fact]
    public async Task Placements_wait_for_a_named_engine_that_connects_late_and_not_for_one_found_unreachable()
    {
        var one = EngineSnapshots.Healthy("node-1");
        var two = EngineSnapshots.Healthy("node-2");
        var scheduler = await StartScheduler();
        // This manager's directory has no engine actor yet, but its discovery names two engines.
        scheduler.Tell(new SchedulerCommands.EnginesReported(Cluster.Get(Sys).SelfAddress.ToString(), [one.Address, two.Address]));

        var placement = scheduler.Ask<object>(Place("early"), Patience);
        // Longer than the grace for the directories' answers: still held, since neither named engine was heard from.
        await Task.Delay(SchedulerActor.EngineReportGrace + TimeSpan.FromSeconds(1));
        Assert.False(placement.IsCompleted, "answered before any engine connected");
        Assert.True(await Holding(scheduler));

        // The second one is down: found unreachable, it holds nothing. The first connects: the placement goes to it.
        scheduler.Tell(new EngineEvents.EngineUnreachable(two.Address, "connection refused"));
        Assert.True(await Holding(scheduler), "resumed while node-1 had not connected");
        scheduler.Tell(new EngineEvents.EngineConnected(one));
        var placed = Assert.IsType<SchedulerCommands.Placed>(await placement);
        Assert.Equal(one.Id, placed.NodeId);
    }

    [Fact]
    public async Task Placements_go_on_at_once_when_a_named_engine_reported_healthy_though_another_is_not_heard_from()
    {
        var one = EngineSnapshots.Healthy("node-1");
        var silent = EngineSnapshots.Healthy("node-2");
        var scheduler = await StartScheduler();
        scheduler.Tell(new SchedulerCommands.EngineReport(one));
        scheduler.Tell(new SchedulerCommands.EnginesReported(Cluster.Get(Sys).SelfAddress.ToString(), [one.Address, silent.Address]));

        // Resumed as the answer came, not when the grace for the answers ran out: an engine that may be down does not
        // delay a failover (the summary is asked after the answer, so it sees its effect).
        Assert.False(await Holding(scheduler));
        var placed = Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));
        Assert.Equal(one.Id, placed.NodeId);
    }

    private static async Task<bool> Holding(IActorRef scheduler) =>
        (await scheduler.Ask<SchedulerCommands.Summary>(SchedulerCommands.GetSummary.Instance, Patience)).AwaitingEngines;

    // One manager's cluster with its scheduler singleton, recovered; this test's actor stands in for the engine directory.
    private async Task<IActorRef> StartScheduler()
    {
        Cluster.Get(Sys).Join(Cluster.Get(Sys).SelfAddress);
        await AwaitAssertAsync(() => Assert.Equal(MemberStatus.Up, Cluster.Get(Sys).SelfMember.Status), Patience);
        DistributedPubSub.Get(Sys).Mediator.Tell(new Subscribe(SchedulerCommands.ReportEngines.Topic, TestActor));
        ExpectMsg<SubscribeAck>(Patience);
        SchedulerSingleton.StartManager(Sys, SchedulerOptions.Default);
        var scheduler = SchedulerSingleton.StartProxy(Sys);
        // Recovered, it asks the directories for their engines.
        ExpectMsg<SchedulerCommands.ReportEngines>(Patience);
        return scheduler;
    }

    private static SchedulerCommands.PlaceContainer Place(string name) =>
        new(new ContainerRequest { Name = name, Image = "busybox", Memory = 16L << 20 });
}
