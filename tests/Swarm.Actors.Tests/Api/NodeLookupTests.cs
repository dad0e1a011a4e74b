using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

public class NodeLookupTests
{
    private static readonly IReadOnlyList<NodeEntry> Nodes = NodeEntry.Of(
        [EngineSnapshots.Healthy("node-1"), EngineSnapshots.Healthy("node-2"), EngineSnapshots.Healthy("node-3")],
        new Dictionary<string, NodeAvailability>());

    private static NodeEntry Node(string hostname) => Nodes.Single(n => n.Hostname == hostname);

    [Fact]
    public void A_node_is_found_by_full_id_hostname_id_prefix_or_engine_id()
    {
        var two = Node("node-2");
        Assert.Same(two, NodeLookup.Find(Nodes, two.Id).Node);
        Assert.Same(two, NodeLookup.Find(Nodes, "node-2").Node);
        Assert.Same(two, NodeLookup.Find(Nodes, UniquePrefix(two)).Node);
        Assert.Same(two, NodeLookup.Find(Nodes, two.Engine.Id).Node);
    }

    [Fact]
    public void A_hostname_wins_over_an_id_prefix_that_happens_to_be_equal()
    {
        var one = Node("node-1");
        var named = NodeEntry.Of([EngineSnapshots.Healthy("node-1"), EngineSnapshots.Healthy(one.Id[..3])], new Dictionary<string, NodeAvailability>());
        var found = NodeLookup.Find(named, one.Id[..3]);
        Assert.Equal(one.Id[..3], found.Node!.Hostname);
    }

    [Fact]
    public void Nothing_found_is_404_in_dockers_words_and_several_matches_are_ambiguous()
    {
        var missing = NodeLookup.Find(Nodes, "node-9");
        Assert.False(missing.IsFound);
        Assert.Equal((404, "node node-9 not found"), (missing.StatusCode, missing.Message));

        var twins = NodeEntry.Of([EngineSnapshots.Healthy("twin"), EngineSnapshots.Healthy("twin") with { Id = "OTHER|10.9.9.9:2375", Address = "10.9.9.9:2375" }], new Dictionary<string, NodeAvailability>());
        var ambiguous = NodeLookup.Find(twins, "twin");
        Assert.Equal((400, "node twin is ambiguous (2 matches found)"), (ambiguous.StatusCode, ambiguous.Message));
        Assert.Equal(404, NodeLookup.Find(Nodes, "").StatusCode); // not a prefix of every ID
    }

    private static string UniquePrefix(NodeEntry node)
    {
        for (int length = 1; ; length++)
        {
            string prefix = node.Id[..length];
            if (Nodes.Count(n => n.Id.StartsWith(prefix, StringComparison.Ordinal)) == 1 && Nodes.All(n => n.Hostname != prefix)) return prefix;
        }
    }
}
