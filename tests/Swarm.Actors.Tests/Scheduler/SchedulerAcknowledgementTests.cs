using Akka.Actor;
using Akka.Configuration;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>
/// Facts take effect in memory before they are written, so a command whose fact is already true must still not be
/// acknowledged before that fact is in the journal (a failover test once saw an acknowledged creation one event short).
/// </summary>
public sealed class SchedulerAcknowledgementTests(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString(GatedJournal.Config + "\nakka.loglevel = WARNING"), "acknowledgements", output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WhileShut = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task A_creation_the_engine_reported_first_is_acknowledged_only_once_it_is_written()
    {
        var (scheduler, engine) = StartScheduler();
        var placed = Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));

        NothingHeardWhileJournalShut(() =>
        {
            // The engine's event arrives before the container actor's report: the fact is applied, its write waits.
            scheduler.Tell(new EngineEvents.ContainerUpdated(engine.Id, Created("e1", placed.SwarmId)));
            scheduler.Tell(new SchedulerCommands.RecordCreated(placed.SwarmId, "e1"), TestActor);
        });
        ExpectMsg<SchedulerCommands.Recorded>(Patience);
        var digest = await scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, Patience);
        Assert.Equal(2, digest.LastSequenceNr);
    }

    [Fact]
    public async Task A_retried_placement_still_being_written_is_answered_after_the_write()
    {
        var (scheduler, _) = StartScheduler();
        NothingHeardWhileJournalShut(() =>
        {
            // The API's retry sends the same request again, its swarm ID included.
            var request = new ContainerRequest { Name = "web", Image = "busybox", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = new string('a', 64) } };
            scheduler.Tell(new SchedulerCommands.PlaceContainer(request), TestActor);
            scheduler.Tell(new SchedulerCommands.PlaceContainer(request), TestActor);
        });
        var first = ExpectMsg<SchedulerCommands.Placed>(Patience);
        var again = ExpectMsg<SchedulerCommands.Placed>(Patience);
        Assert.Equal((first.SwarmId, false, true), (again.SwarmId, first.Again, again.Again));
    }

    [Fact]
    public async Task An_answer_for_a_fact_already_written_is_not_held()
    {
        var (scheduler, _) = StartScheduler();
        var placed = Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));
        Assert.IsType<SchedulerCommands.Recorded>(await scheduler.Ask<object>(new SchedulerCommands.RecordCreated(placed.SwarmId, "e1"), Patience));
        GatedJournal.Shut();
        try
        {
            scheduler.Tell(new SchedulerCommands.RecordCreated(placed.SwarmId, "e1"), TestActor);
            ExpectMsg<SchedulerCommands.Recorded>(Patience);
        }
        finally
        {
            GatedJournal.Open();
        }
    }

    [Fact]
    public async Task The_state_digest_counts_facts_still_being_written_and_waits_for_them()
    {
        var (scheduler, engine) = StartScheduler();
        var placed = Assert.IsType<SchedulerCommands.Placed>(await scheduler.Ask<object>(Place("web"), Patience));
        NothingHeardWhileJournalShut(() =>
        {
            // Reported by the engine and applied at once, nobody waiting on it: a restart right after the digest
            // recovers it only if it was written, so the digest must not be sent before.
            scheduler.Tell(new EngineEvents.ContainerUpdated(engine.Id, Created("e1", placed.SwarmId)));
            scheduler.Tell(SchedulerCommands.GetDigest.Instance, TestActor);
        });
        Assert.Equal(2, ExpectMsg<SchedulerCommands.StateDigest>(Patience).LastSequenceNr);
    }

    // Sends while the journal's writes wait, and checks nothing answers until they are let through.
    private void NothingHeardWhileJournalShut(Action send)
    {
        GatedJournal.Shut();
        try
        {
            send();
            ExpectNoMsg(WhileShut);
        }
        finally
        {
            GatedJournal.Open();
        }
    }

    private static SchedulerCommands.PlaceContainer Place(string name) =>
        new(new ContainerRequest { Name = name, Image = "busybox", Memory = 16L << 20 });

    private static EngineContainer Created(string id, string swarmId) => new()
    {
        Id = id,
        Name = "web",
        Image = "busybox",
        State = ContainerState.Created,
        Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId },
    };

    private (IActorRef Scheduler, EngineSnapshot Engine) StartScheduler()
    {
        var scheduler = Sys.ActorOf(SchedulerActor.Props(SchedulerOptions.Default));
        var engine = EngineSnapshots.Healthy("node-1", cpus: 8, memory: 64 * EngineSnapshots.GiB);
        scheduler.Tell(new SchedulerCommands.EngineReport(engine));
        return (scheduler, engine);
    }
}
