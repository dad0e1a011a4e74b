using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Api;

/// <summary>Counts carried from answer to answer say what counting every swarm ID afresh says.</summary>
public class SwarmIdCountsTests
{
    private static EngineContainer Container(string id, string swarmId) => new()
    {
        Id = id,
        Name = id,
        Labels = swarmId.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = swarmId },
    };

    private static bool CountedAfresh(IReadOnlyList<EngineSnapshot> engines) =>
        engines.SelectMany(e => e.Containers).Select(c => c.SwarmId).Where(id => id.Length > 0).GroupBy(id => id).All(g => g.Count() == 1);

    [Fact]
    public void A_copy_on_a_second_engine_is_seen_and_forgotten_as_lists_change_and_engines_go()
    {
        var counts = new SwarmIdCounts();
        var one = EngineSnapshots.Healthy("node-1", containers: [Container("a", "s1"), Container("plain", "")]);
        var two = EngineSnapshots.Healthy("node-2", containers: [Container("b", "s2"), Container("plain2", "")]);
        Assert.True(counts.NoneRepeatedIn([one, two]));

        var twoWithCopy = two with { Containers = [.. two.Containers, Container("a-copy", "s1")] };
        Assert.False(counts.NoneRepeatedIn([one, twoWithCopy]));
        // The copy removed again.
        Assert.True(counts.NoneRepeatedIn([one, two]));
        Assert.False(counts.NoneRepeatedIn([one, twoWithCopy]));
        // The engine holding the other copy gone from the answer.
        Assert.True(counts.NoneRepeatedIn([twoWithCopy]));
        Assert.False(counts.NoneRepeatedIn([twoWithCopy, one]));
    }

    [Fact]
    public void Two_engines_under_one_id_are_counted_afresh()
    {
        var counts = new SwarmIdCounts();
        var one = EngineSnapshots.Healthy("node-1", containers: [Container("a", "s1")]);
        Assert.False(counts.NoneRepeatedIn([one, one]));
        Assert.True(counts.NoneRepeatedIn([one]));
    }

    [Fact]
    public void Any_sequence_of_answers_agrees_with_counting_afresh()
    {
        var random = new Random(8);
        var counts = new SwarmIdCounts();
        var engines = Enumerable.Range(0, 6).Select(e => EngineSnapshots.Healthy("node-" + e)).ToList();
        for (int step = 0; step < 2000; step++)
        {
            int e = random.Next(engines.Count);
            var containers = engines[e].Containers.ToList();
            string swarmId = random.Next(4) == 0 ? "" : "s" + random.Next(40);
            switch (containers.Count > 0 ? random.Next(4) : 3)
            {
                case 0: containers.RemoveAt(random.Next(containers.Count)); break;
                // A container's new record in its place: the same swarm ID or, rarely, another.
                case 1:
                    int at = random.Next(containers.Count);
                    containers[at] = Container(containers[at].Id, random.Next(3) == 0 ? swarmId : containers[at].SwarmId);
                    break;
                case 2: containers.Insert(random.Next(containers.Count), Container($"c{step}", swarmId)); break;
                default: containers.Add(Container($"c{step}", swarmId)); break;
            }
            engines[e] = engines[e] with { Containers = containers };
            // Now and then an answer without some engines (not connected yet, or gone).
            var answer = random.Next(5) == 0 ? engines.Where(_ => random.Next(2) == 0).ToList() : engines;
            Assert.Equal(CountedAfresh(answer), counts.NoneRepeatedIn(answer));
        }
    }
}
