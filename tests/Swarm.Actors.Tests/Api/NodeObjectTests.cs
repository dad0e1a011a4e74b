using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.Health;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

public class NodeObjectTests
{
    [Fact]
    public void A_node_id_is_25_lowercase_base36_characters_stable_and_distinct_per_engine_id()
    {
        string id = NodeIds.Of("DT6C:6DTK:3KT5|127.0.0.1:2375");
        Assert.Matches("^[0-9a-z]{25}$", id);
        Assert.Equal(id, NodeIds.Of("DT6C:6DTK:3KT5|127.0.0.1:2375"));
        // Cloned machines share a dockerd ID: the address keeps their nodes apart.
        Assert.NotEqual(id, NodeIds.Of("DT6C:6DTK:3KT5|127.0.0.1:2376"));
        Assert.Equal(1000, Enumerable.Range(0, 1000).Select(i => NodeIds.Of($"ID|10.0.{i / 256}.{i % 256}:2375")).Distinct().Count());
        // Leading zeros are kept: always 25 characters.
        Assert.All(Enumerable.Range(0, 200).Select(i => NodeIds.Of("x" + i)), n => Assert.Equal(25, n.Length));
    }

    [Fact]
    public void An_engine_is_a_worker_node_with_its_hostname_resources_version_labels_and_the_availability_given()
    {
        var engine = EngineSnapshots.Healthy("node-2", cpus: 4, memory: 8 * EngineSnapshots.GiB, labels: ["region=eu", "disk=ssd"]) with { Address = "10.1.2.3:2375" };

        var node = NodeObject.Build(engine, NodeAvailability.Drain);

        Assert.Equal(NodeIds.Of(engine.Id), node["ID"]!.GetValue<string>());
        Assert.Equal(1, node["Version"]!["Index"]!.GetValue<long>());
        Assert.Equal("worker", node["Spec"]!["Role"]!.GetValue<string>());
        Assert.Equal("drain", node["Spec"]!["Availability"]!.GetValue<string>());
        Assert.Empty(node["Spec"]!["Labels"]!.AsObject());
        var description = node["Description"]!;
        Assert.Equal("node-2", description["Hostname"]!.GetValue<string>());
        Assert.Equal("linux", description["Platform"]!["OS"]!.GetValue<string>());
        Assert.Equal(4_000_000_000L, description["Resources"]!["NanoCPUs"]!.GetValue<long>());
        Assert.Equal(8 * EngineSnapshots.GiB, description["Resources"]!["MemoryBytes"]!.GetValue<long>());
        Assert.Equal("20.10.24", description["Engine"]!["EngineVersion"]!.GetValue<string>());
        Assert.Equal(["region=eu", "disk=ssd"], description["Engine"]!["Labels"]!.AsObject().Select(p => $"{p.Key}={p.Value}"));
        Assert.Equal("ready", node["Status"]!["State"]!.GetValue<string>());
        Assert.Equal("10.1.2.3", node["Status"]!["Addr"]!.GetValue<string>());
        Assert.Null(node["ManagerStatus"]);
    }

    [Theory]
    [InlineData(EngineStatus.Healthy, "ready")]
    [InlineData(EngineStatus.Unhealthy, "down")]
    [InlineData(EngineStatus.Pending, "unknown")]
    [InlineData(EngineStatus.Disconnected, "disconnected")]
    public void The_node_state_follows_the_engine_health(EngineStatus status, string state)
    {
        var engine = EngineSnapshots.Healthy("node-1");
        engine = engine with { Health = engine.Health with { Status = status, LastError = "connection refused" } };
        var node = NodeObject.Build(engine, NodeAvailability.Active);
        Assert.Equal(state, node["Status"]!["State"]!.GetValue<string>());
        Assert.Equal("connection refused", node["Status"]!["Message"]!.GetValue<string>());
        Assert.Equal("active", node["Spec"]!["Availability"]!.GetValue<string>());
    }

    [Fact]
    public void An_engine_never_reached_has_a_node_id_from_its_address_and_empty_description()
    {
        var engine = new Swarm.Engines.View.EngineSnapshot { Id = "", Name = "", Address = "10.0.0.9:2375", Health = EngineHealth.Pending(3) };
        var node = NodeObject.Build(engine, NodeAvailability.Active);
        Assert.Equal(NodeIds.Of("|10.0.0.9:2375"), node["ID"]!.GetValue<string>());
        Assert.Equal("unknown", node["Status"]!["State"]!.GetValue<string>());
        Assert.Equal(0, node["Description"]!["Resources"]!["NanoCPUs"]!.GetValue<long>());
    }

    [Theory]
    [InlineData("10.0.0.1:2375", "10.0.0.1")]
    [InlineData("[::1]:2375", "::1")]
    [InlineData("node.example:2376", "node.example")]
    [InlineData("10.0.0.1", "10.0.0.1")]
    public void The_status_address_is_the_engines_host(string address, string host) => Assert.Equal(host, NodeObject.Host(address));

    [Theory]
    [InlineData("active", NodeAvailability.Active)]
    [InlineData("PAUSE", NodeAvailability.Pause)]
    [InlineData("Drain", NodeAvailability.Drain)]
    [InlineData("sleep", null)]
    [InlineData("", null)]
    public void Availabilities_are_read_in_any_case(string text, NodeAvailability? expected) => Assert.Equal(expected, NodeObject.ParseAvailability(text));

    [Fact]
    public void Nodes_are_listed_in_natural_order_of_hostnames_with_the_availability_held_for_their_engine()
    {
        var engines = new[] { EngineSnapshots.Healthy("node-10"), EngineSnapshots.Healthy("node-2"), EngineSnapshots.Healthy("node-1") };
        var nodes = NodeEntry.Of(engines, new Dictionary<string, NodeAvailability> { [engines[1].Id] = NodeAvailability.Pause, ["gone|1.2.3.4:2375"] = NodeAvailability.Drain });
        Assert.Equal(["node-1", "node-2", "node-10"], nodes.Select(n => n.Hostname));
        Assert.Equal([NodeAvailability.Active, NodeAvailability.Pause, NodeAvailability.Active], nodes.Select(n => n.Availability));
    }
}
