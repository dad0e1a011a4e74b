using System.Text.Json.Nodes;
using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class EventRewritingTests
{
    private static readonly string SwarmId = new('a', 64);
    private static readonly string PhysicalId = new('b', 64);

    [Fact]
    public void A_container_event_gets_the_virtual_id_and_classics_node_attributes()
    {
        var engine = EngineSnapshots.Healthy("node-1");
        string line = """{"status":"start","id":"PHYSICAL","from":"busybox","Type":"container","Action":"start","Actor":{"ID":"PHYSICAL","Attributes":{"com.docker.swarm.id":"SWARM","name":"web"}},"time":1,"timeNano":1000}"""
            .Replace("PHYSICAL", PhysicalId).Replace("SWARM", SwarmId);

        var rewritten = JsonNode.Parse(EventRewriting.Rewrite(line, engine))!;
        Assert.Equal(SwarmId, rewritten["id"]!.GetValue<string>());
        Assert.Equal(SwarmId, rewritten["Actor"]!["ID"]!.GetValue<string>());
        Assert.Equal("busybox node:node-1", rewritten["from"]!.GetValue<string>());
        var attributes = rewritten["Actor"]!["Attributes"]!;
        Assert.Equal(("node-1", engine.Id, engine.Address, engine.Address.Split(':')[0]),
            (attributes["node.name"]!.GetValue<string>(), attributes["node.id"]!.GetValue<string>(), attributes["node.addr"]!.GetValue<string>(), attributes["node.ip"]!.GetValue<string>()));
        Assert.Equal("node-1", rewritten["node"]!["Name"]!.GetValue<string>());
    }

    [Fact]
    public void Events_of_containers_made_on_the_engine_itself_and_of_other_objects_keep_their_ids()
    {
        var engine = EngineSnapshots.Healthy("node-1");
        string line = """{"Type":"container","Action":"start","id":"PHYSICAL","Actor":{"ID":"PHYSICAL","Attributes":{}}}""".Replace("PHYSICAL", PhysicalId);
        var container = JsonNode.Parse(EventRewriting.Rewrite(line, engine))!;
        Assert.Equal(PhysicalId, container["Actor"]!["ID"]!.GetValue<string>());
        var network = JsonNode.Parse(EventRewriting.Rewrite("""{"Type":"network","Action":"create","Actor":{"ID":"n1","Attributes":{"com.docker.swarm.id":"x"}}}""", engine))!;
        Assert.Equal("n1", network["Actor"]!["ID"]!.GetValue<string>());
        Assert.Equal("node-1", network["Actor"]!["Attributes"]!["node.name"]!.GetValue<string>());
    }

    [Fact]
    public void Container_filters_naming_a_cluster_container_reach_the_engine_as_its_physical_id()
    {
        LookupEntry[] containers = [new(SwarmId, PhysicalId, "web", "ID|10.0.0.1:2375", "node-1")];
        var filters = JsonNode.Parse(EventRewriting.EngineFilters("""{"container":{"web":true,"nosuch":true},"event":{"start":true}}""", containers))!;
        Assert.Equal([PhysicalId, "nosuch"], filters["container"]!.AsObject().Select(p => p.Key));
        Assert.True(filters["event"]!["start"]!.GetValue<bool>());
        var byVirtualId = JsonNode.Parse(EventRewriting.EngineFilters($$"""{"container":["{{SwarmId[..12]}}"]}""", containers))!;
        Assert.Equal([PhysicalId], byVirtualId["container"]!.AsObject().Select(p => p.Key));
        Assert.Equal("", EventRewriting.EngineFilters("", containers));
    }
}
