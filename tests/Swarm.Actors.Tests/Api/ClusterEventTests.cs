using System.Text.Json.Nodes;
using Swarm.Actors.Tests.Support;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>The manager's own events (engine_connect …) as classic sent them, and the <c>filters</c> applied to them.</summary>
public sealed class ClusterEventTests
{
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero).AddTicks(1234567);

    private static JsonObject Event(string action = "engine_disconnect", string name = "node-1") =>
        (JsonObject)JsonNode.Parse(EventRewriting.ClusterEvent(action, EngineSnapshots.Healthy(name), At))!;

    private static bool Passes(string filters, JsonObject message)
    {
        var filter = ClusterEventFilter.TryParse(filters, out string? error);
        Assert.True(filter is not null, error);
        return filter.Includes(message);
    }

    [Fact]
    public void A_cluster_event_has_classics_fields_node_attributes_and_legacy_node_object()
    {
        var engine = EngineSnapshots.Healthy("node-1");
        var message = Event();
        Assert.Equal("engine_disconnect", message["status"]!.GetValue<string>());
        Assert.Equal("engine_disconnect", message["Action"]!.GetValue<string>());
        Assert.Equal("swarm", message["Type"]!.GetValue<string>());
        // As classic's events handler wrote every event: from gains the node.
        Assert.Equal("swarm node:node-1", message["from"]!.GetValue<string>());
        Assert.Equal(1796472000L, message["time"]!.GetValue<long>());
        Assert.Equal(1796472000_123456700L, message["timeNano"]!.GetValue<long>());
        Assert.Null(message["id"]);
        Assert.Equal(engine.Id, message["Actor"]!["ID"]!.GetValue<string>());
        var attributes = message["Actor"]!["Attributes"]!.AsObject();
        Assert.Equal(
            [("name", "node-1"), ("node.addr", engine.Address), ("node.id", engine.Id), ("node.ip", engine.Address.Split(':')[0]), ("node.name", "node-1")],
            attributes.Select(a => (a.Key, a.Value!.GetValue<string>())).OrderBy(a => a.Key, StringComparer.Ordinal));
        var node = message["node"]!.AsObject();
        Assert.Equal(["Name", "Id", "Addr", "Ip"], node.Select(p => p.Key));
        Assert.Equal(("node-1", engine.Id, engine.Address, engine.Address.Split(':')[0]),
            (node["Name"]!.GetValue<string>(), node["Id"]!.GetValue<string>(), node["Addr"]!.GetValue<string>(), node["Ip"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("{}", true)]
    [InlineData("""{"type":{"swarm":true}}""", true)]
    [InlineData("""{"type":["swarm"]}""", true)]
    [InlineData("""{"type":{"container":true}}""", false)]
    [InlineData("""{"type":{"container":true,"swarm":true}}""", true)]
    [InlineData("""{"event":{"engine_disconnect":true}}""", true)]
    [InlineData("""{"event":{"engine_reconnect":true}}""", false)]
    [InlineData("""{"event":{"engine":true}}""", false)]
    [InlineData("""{"type":{"swarm":true},"event":{"engine_connect":true,"engine_disconnect":true}}""", true)]
    [InlineData("""{"node":{"node-1":true}}""", true)]
    [InlineData("""{"node":{"node-2":true}}""", false)]
    [InlineData("""{"daemon":{"node":true}}""", true)]
    [InlineData("""{"container":{"web":true}}""", false)]
    [InlineData("""{"image":{"busybox":true}}""", false)]
    [InlineData("""{"label":{"node.name=node-1":true}}""", true)]
    [InlineData("""{"label":{"node.name=node-2":true}}""", false)]
    [InlineData("""{"label":{"node.ip":true}}""", true)]
    [InlineData("""{"scope":{"local":true}}""", false)]
    public void Filters_apply_as_dockerd_applies_them(string filters, bool passes) =>
        Assert.Equal(passes, Passes(filters, Event()));

    [Fact]
    public void The_actors_id_is_matched_by_prefix()
    {
        var engine = EngineSnapshots.Healthy("node-1");
        Assert.True(Passes("{\"daemon\":{\"" + engine.Id[..8] + "\":true}}", Event()));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1]")]
    public void Filters_that_are_not_a_json_object_are_refused(string filters)
    {
        Assert.Null(ClusterEventFilter.TryParse(filters, out string? error));
        Assert.StartsWith("invalid filter", error);
    }
}
