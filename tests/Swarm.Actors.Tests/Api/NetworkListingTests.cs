using System.Text.Json.Nodes;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class NetworkListingTests
{
    private static NetworkEntry Network(string node, string id, string name, string scope = "local", string containers = "{}") =>
        new(node, $"ID-{node}|10.0.0.1:2375", (JsonObject)JsonNode.Parse($$"""{"Id":"{{id}}","Name":"{{name}}","Scope":"{{scope}}","Driver":"bridge","Containers":{{containers}}}""")!);

    private static NetworkListing.Filters Parsed(string filters)
    {
        Assert.True(NetworkListing.TryParseFilters(filters, out var parsed, out string error), error);
        return parsed;
    }

    private static string[] Names(JsonArray listed) => [.. listed.Select(n => n!["Name"]!.GetValue<string>())];

    [Fact]
    public void Local_networks_are_shown_per_node_and_a_global_one_once_with_its_endpoints_merged()
    {
        var entries = new[]
        {
            Network("node-1", "b1", "bridge"), Network("node-1", "o1", "ovl", "global", """{"c1":{"Name":"a"}}"""),
            Network("node-2", "b2", "bridge"), Network("node-2", "o1", "ovl", "global", """{"c2":{"Name":"b"}}"""),
        };

        var listed = NetworkListing.List(entries, NetworkListing.Filters.None);

        Assert.Equal(["node-1/bridge", "ovl", "node-2/bridge"], Names(listed));
        Assert.Equal(["c1", "c2"], listed[1]!["Containers"]!.AsObject().Select(p => p.Key));
        Assert.Equal("bridge", entries[0].Network["Name"]!.GetValue<string>()); // the engines' own JSON is left alone
    }

    [Fact]
    public void Node_and_name_filters_are_applied_here_and_the_others_go_to_the_engines()
    {
        var filters = Parsed("""{"node":{"node-2":true},"name":["web"],"driver":{"bridge":true},"type":{"custom":true}}""");
        Assert.Equal(["node-2"], filters.Nodes);
        Assert.Equal(["web"], filters.Names);
        var forEngines = JsonNode.Parse(filters.ForEngines)!.AsObject();
        Assert.Equal(["driver", "type"], forEngines.Select(p => p.Key));
        Assert.Equal("custom", forEngines["type"]!.AsObject().Single().Key);

        var entries = new[] { Network("node-1", "a", "web"), Network("node-2", "b", "web"), Network("node-2", "c", "db"), Network("node-3", "g", "web", "swarm") };
        Assert.Equal(["node-2/web"], Names(NetworkListing.List(entries, filters)));
        // A name filter also matches the node/name users see; a global network passes a node filter of any engine holding it.
        Assert.Equal(["node-2/web", "node-2/db"], Names(NetworkListing.List(entries, Parsed("""{"name":{"node-2/":true}}"""))));
        Assert.Equal(["web"], Names(NetworkListing.List(entries, Parsed("""{"node":{"node-3":true},"name":{"^web$":true}}"""))));
        Assert.Equal("", Parsed("""{"node":{"node-1":true}}""").ForEngines);
    }

    [Theory]
    [InlineData("""{"type":{"foo":true}}""", "invalid filter: 'type'='foo'")]
    [InlineData("{bad", "invalid filter: ")]
    [InlineData("[1]", "invalid filter: ")]
    [InlineData("""{"name":"x"}""", "invalid filter: 'name'")]
    public void Bad_filters_are_refused_with_a_message(string filters, string message)
    {
        Assert.False(NetworkListing.TryParseFilters(filters, out _, out string error));
        Assert.StartsWith(message, error);
    }

    [Fact]
    public void An_invalid_name_pattern_matches_nothing_instead_of_failing()
    {
        Assert.Empty(NetworkListing.List([Network("node-1", "a", "web")], Parsed("""{"name":{"(":true}}""")));
    }

    [Fact]
    public void Inspect_answers_the_node_scoped_name_with_containers_under_the_id_users_see()
    {
        var shown = Network("node-1", "a", "web", containers: """{"phys1":{"Name":"x"},"phys2":{"Name":"y"}}""")
            .Shown(physical => physical == "phys1" ? "virtual1" : null);
        Assert.Equal("node-1/web", shown["Name"]!.GetValue<string>());
        Assert.Equal(["virtual1", "phys2"], shown["Containers"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Lookup_goes_by_id_short_id_name_node_name_then_a_unique_prefix()
    {
        string id1 = "abc123456789" + new string('0', 52), id2 = "abd123456789" + new string('1', 52), id3 = "f00d" + new string('2', 60);
        NetworkEntry[] entries =
        [
            Network("node-1", "1b", "bridge"), Network("node-2", "2b", "bridge"),
            Network("node-1", id1, "mynet"), Network("node-2", id2, "mynet"), Network("node-2", id3, "pinned"),
        ];

        Assert.Same(entries[2], NetworkLookup.Find(id1, entries));
        Assert.Same(entries[3], NetworkLookup.Find(id2[..12], entries));
        Assert.Same(entries[4], NetworkLookup.Find("pinned", entries));
        Assert.Same(entries[4], NetworkLookup.Find("node-2/pinned", entries));
        Assert.Same(entries[3], NetworkLookup.Find("ID-node-2|10.0.0.1:2375/mynet", entries));
        Assert.Same(entries[1], NetworkLookup.Find("node-2/bridge", entries));
        Assert.Same(entries[4], NetworkLookup.Find("f0", entries));
        Assert.Null(NetworkLookup.Find("ab", entries)); // two networks start so
        Assert.Null(NetworkLookup.Find("node-3/pinned", entries));
        Assert.Null(NetworkLookup.Find("nope", entries));
        Assert.Null(NetworkLookup.Find("", entries));
    }

    [Fact]
    public void A_bare_name_on_several_nodes_is_the_first_nodes_copy_unless_it_is_one_of_dockerds_own()
    {
        NetworkEntry[] entries = [Network("node-1", "1b", "bridge"), Network("node-1", "1m", "mynet"), Network("node-2", "2b", "bridge"), Network("node-2", "2m", "mynet")];

        Assert.Null(NetworkLookup.Find("bridge", entries));
        Assert.Same(entries[1], NetworkLookup.Find("mynet", entries));
        Assert.Equal(["1m", "2m"], NetworkLookup.Holders("mynet", entries).Select(e => e.Id));
        Assert.Equal(["2b"], NetworkLookup.Holders("node-2/bridge", entries).Select(e => e.Id));
        // Connecting a container uses its own node's copy, whatever node the name or ID came from.
        Assert.Same(entries[3], NetworkLookup.OnNode("mynet", entries, entries[3].NodeId));
        Assert.Same(entries[2], NetworkLookup.OnNode("bridge", entries, entries[2].NodeId));
        Assert.Null(NetworkLookup.OnNode("node-1/mynet", entries, entries[3].NodeId));
    }
}
