using System.Text;
using System.Text.Json;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Api;

/// <summary>A list entry written field by field is byte for byte what the serializer makes of the entry's fields.</summary>
public class ContainerListEntryTests
{
    public static TheoryData<string> Cases => ["plain", "ports", "escaped", "swarm", "bare"];

    private static EngineContainer Container(string kind) => kind switch
    {
        "plain" => new EngineContainer { Id = "a1", Name = "web", Image = "busybox", ImageId = "sha256:1", Command = "sleep 600", Created = new DateTime(2026, 12, 6, 1, 2, 3, DateTimeKind.Utc), State = ContainerState.Running, NetworkMode = "default" },
        "ports" => new EngineContainer
        {
            Id = "b2", Name = "nginx", Image = "nginx:1.25", State = ContainerState.Exited, Created = DateTime.UtcNow,
            PublishedPorts = [new PortBinding("80/tcp", "0.0.0.0", "8080"), new PortBinding("53/udp", "127.0.0.1", "5353"), new PortBinding("443", "", "8443"), new PortBinding("9000/tcp", "", "")],
        },
        "escaped" => new EngineContainer
        {
            Id = "c3", Name = "q<\"'&+>", Image = "ïmage", Command = "sh -c \"echo <a> & 'b' \\ \u0001\"", State = ContainerState.Paused, NetworkMode = "bridge",
            Labels = new Dictionary<string, string> { ["Status"] = "", ["quote"] = "\"Status\":\"\"", ["<html>"] = "a&b+c", ["ünï"] = "日本" },
        },
        "swarm" => new EngineContainer
        {
            Id = "d4", Name = "svc", Image = "redis:7", State = ContainerState.Created,
            Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = new string('f', 64), ["com.example.tier"] = "web" },
        },
        _ => new EngineContainer { Id = "e5", Name = "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Written_entry_equals_the_serialised_fields(string kind)
    {
        var container = Container(kind);
        foreach (bool healthy in new[] { true, false })
        {
            var node = EngineSnapshots.Healthy(healthy ? "node-1" : "node-2");
            var fields = ContainerListEntry.Fields(node, container, healthy);
            fields["Status"] = "";
            string expected = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(fields, ApiConventions.Json));

            var parts = ContainerListEntry.Of(node, container, healthy).Parts;
            Assert.Equal(expected, Encoding.UTF8.GetString([.. parts.Head, .. "\"\""u8, .. parts.Tail]));
        }
    }
}
