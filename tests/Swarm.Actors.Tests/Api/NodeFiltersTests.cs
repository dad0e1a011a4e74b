using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

public class NodeFiltersTests
{
    private static readonly IReadOnlyList<NodeEntry> Nodes = NodeEntry.Of(
        [EngineSnapshots.Healthy("node-1", labels: ["region=eu", "disk=ssd"]), EngineSnapshots.Healthy("node-2", labels: ["region=us"]), EngineSnapshots.Healthy("web-1")],
        new Dictionary<string, NodeAvailability>());

    private static string[] Listed(string filters)
    {
        Assert.True(NodeFilters.TryParse(filters, out var parsed, out string error), error);
        return [.. Nodes.Where(parsed.Matches).Select(n => n.Hostname)];
    }

    [Fact]
    public void No_filters_list_every_node() => Assert.Equal(["node-1", "node-2", "web-1"], Listed(""));

    [Fact]
    public void Name_and_id_are_prefixes_and_values_of_one_filter_are_alternatives()
    {
        Assert.Equal(["node-1", "node-2"], Listed("""{"name":{"node":true}}"""));
        Assert.Equal(["node-2", "web-1"], Listed("""{"name":["node-2","web"]}"""));
        var two = Nodes.Single(n => n.Hostname == "node-2");
        Assert.Equal(["node-2"], Listed($$$"""{"id":{"{{{two.Id}}}":true}}"""));
        Assert.Contains("node-2", Listed($$$"""{"id":{"{{{two.Id[..2]}}}":true}}"""));
        Assert.Equal(["node-2"], Listed($$$"""{"id":{"{{{two.Id[..2]}}}":true},"name":{"node-2":true}}"""));
    }

    [Fact]
    public void Labels_are_the_engines_all_must_match_and_a_key_alone_matches_any_value()
    {
        Assert.Equal(["node-1", "node-2"], Listed("""{"label":{"region":true}}"""));
        Assert.Equal(["node-1"], Listed("""{"label":{"region=eu":true}}"""));
        Assert.Equal(["node-1"], Listed("""{"label":{"region":true,"disk=ssd":true}}"""));
        Assert.Empty(Listed("""{"label":{"region=eu":true,"disk=hdd":true}}"""));
        Assert.Empty(Listed("""{"node.label":{"region":true}}"""));
    }

    [Fact]
    public void Every_node_is_an_accepted_worker()
    {
        Assert.Equal(3, Listed("""{"role":{"worker":true}}""").Length);
        Assert.Equal(3, Listed("""{"role":{"Worker":true,"manager":true}}""").Length);
        Assert.Empty(Listed("""{"role":{"manager":true}}"""));
        Assert.Equal(3, Listed("""{"membership":{"accepted":true}}""").Length);
        Assert.Empty(Listed("""{"membership":{"pending":true}}"""));
    }

    [Theory]
    [InlineData("""{"bad":{"x":true}}""", "invalid filter 'bad'")]
    [InlineData("""{"role":{"boss":true}}""", "Invalid role filter: 'boss'")]
    [InlineData("""{"membership":{"maybe":true}}""", "Invalid membership filter: 'maybe'")]
    [InlineData("""{"name":"x"}""", "invalid filter: 'name'")]
    [InlineData("{bad", "invalid filter: ")]
    [InlineData("[1]", "invalid filter: ")]
    public void Bad_filters_are_refused_with_dockers_message(string filters, string message)
    {
        Assert.False(NodeFilters.TryParse(filters, out _, out string error));
        Assert.StartsWith(message, error);
    }
}
