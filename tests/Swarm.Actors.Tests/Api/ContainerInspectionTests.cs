using System.Text.Json.Nodes;
using Swarm.Actors.Tests.Support;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>Engine answers rewritten on the raw JSON: the virtual ID shown, classic's Node added, nothing else lost.</summary>
public sealed class ContainerInspectionTests
{
    private const string Physical = "b6793228d4fb8c0726fb6121b03941dfc507ee06519c7d03f54f014427642d4b";
    private const string Virtual = "633d5de5e74861092f7eb4756ed6a1e037ef02f164b82edac6edb95c27f0a318";

    private static readonly string EngineInspect = $$$"""
        {"Id":"{{{Physical}}}","Created":"2026-12-04T23:45:23.978894373Z","Name":"/web",
         "State":{"Status":"running","Running":true,"Pid":19466},
         "HostConfig":{"Memory":0,"NetworkMode":"default"},
         "Config":{"Hostname":"b6793228d4fb","Image":"busybox","Labels":{"com.docker.swarm.id":"{{{Virtual}}}"}},
         "NetworkSettings":{"Ports":{"8080/tcp":[{"HostIp":"0.0.0.0","HostPort":"32768"},{"HostIp":"::","HostPort":"32768"}],
                                     "9090/tcp":[{"HostIp":"10.1.2.3","HostPort":"9090"}],"53/udp":null}},
         "SomeFieldFromANewerEngine":{"Kept":[1,2,3]}}
        """;

    [Fact]
    public void Inspect_shows_the_virtual_id_and_the_node_with_the_physical_id()
    {
        var engine = EngineSnapshots.Healthy("node-2", cpus: 2, memory: 4 * EngineSnapshots.GiB, labels: "region=eu");
        var inspect = ContainerInspection.Inspect((JsonObject)JsonNode.Parse(EngineInspect)!, Virtual, engine);

        Assert.Equal(Virtual, inspect["Id"]!.GetValue<string>());
        var node = inspect["Node"]!;
        Assert.Equal(engine.Id, node["ID"]!.GetValue<string>());
        Assert.Equal(engine.Address.Split(':')[0], node["IP"]!.GetValue<string>());
        Assert.Equal(engine.Address, node["Addr"]!.GetValue<string>());
        Assert.Equal("node-2", node["Name"]!.GetValue<string>());
        Assert.Equal(2, node["Cpus"]!.GetValue<long>());
        Assert.Equal(4 * EngineSnapshots.GiB, node["Memory"]!.GetValue<long>());
        Assert.Equal("eu", node["Labels"]!["region"]!.GetValue<string>());
        Assert.Equal("vfs", node["Labels"]!["storagedriver"]!.GetValue<string>());
        Assert.Equal(Physical, node["ContainerID"]!.GetValue<string>());
    }

    [Fact]
    public void Inspect_keeps_every_field_the_engine_sent()
    {
        var engine = EngineSnapshots.Healthy("node-2");
        var original = (JsonObject)JsonNode.Parse(EngineInspect)!;
        var inspect = ContainerInspection.Inspect((JsonObject)JsonNode.Parse(EngineInspect)!, Virtual, engine);

        foreach (var (key, value) in original.Where(p => p.Key is not ("Id" or "NetworkSettings")))
        {
            Assert.True(JsonNode.DeepEquals(value, inspect[key]), key);
        }
        Assert.Equal("[1,2,3]", inspect["SomeFieldFromANewerEngine"]!["Kept"]!.ToJsonString());
        Assert.Equal("b6793228d4fb", inspect["Config"]!["Hostname"]!.GetValue<string>());
    }

    [Fact]
    public void Ports_bound_to_all_interfaces_show_the_node_ip_once()
    {
        var engine = EngineSnapshots.Healthy("node-2");
        string ip = engine.Address.Split(':')[0];
        var ports = ContainerInspection.Inspect((JsonObject)JsonNode.Parse(EngineInspect)!, Virtual, engine)["NetworkSettings"]!["Ports"]!;

        Assert.Equal($$"""[{"HostIp":"{{ip}}","HostPort":"32768"}]""", ports["8080/tcp"]!.ToJsonString());
        Assert.Equal("""[{"HostIp":"10.1.2.3","HostPort":"9090"}]""", ports["9090/tcp"]!.ToJsonString());
        Assert.Null(ports["53/udp"]);
    }

    [Fact]
    public void Exec_inspect_names_the_container_by_its_virtual_id_when_known()
    {
        var exec = (JsonObject)JsonNode.Parse($$"""{"ID":"e1","Running":false,"ExitCode":3,"ContainerID":"{{Physical}}"}""")!;
        Assert.Equal(Virtual, ContainerInspection.Exec(exec, id => id == Physical ? Virtual : null)["ContainerID"]!.GetValue<string>());
        Assert.Equal(3, exec["ExitCode"]!.GetValue<int>());

        var unknown = (JsonObject)JsonNode.Parse($$"""{"ID":"e2","ContainerID":"{{Physical}}"}""")!;
        Assert.Equal(Physical, ContainerInspection.Exec(unknown, _ => null)["ContainerID"]!.GetValue<string>());
    }

    [Fact]
    public void A_stats_line_carries_the_virtual_id()
    {
        string line = $$$"""{"read":"2026-12-05T00:02:01Z","name":"/web","id":"{{{Physical}}}","pids_stats":{"current":1}}""";
        var rewritten = JsonNode.Parse(ContainerInspection.StatsLine(line, Virtual))!;
        Assert.Equal(Virtual, rewritten["id"]!.GetValue<string>());
        Assert.Equal(1, rewritten["pids_stats"]!["current"]!.GetValue<int>());
        Assert.Equal("", ContainerInspection.StatsLine("", Virtual));
    }

    [Theory]
    [InlineData("127.0.0.1:2375", "127.0.0.1")]
    [InlineData("tcp://10.0.0.7:2376", "10.0.0.7")]
    [InlineData("[::1]:2375", "::1")]
    [InlineData("unix:///var/run/docker.sock", "")]
    public void The_node_ip_is_the_host_of_its_address(string address, string ip) => Assert.Equal(ip, ContainerInspection.NodeIp(address));
}
