using System.Text.Json.Nodes;
using Swarm.Actors.Tests.Support;
using Swarm.Api;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Actors.Tests.Api;

public class DiskUsageTests
{
    private static readonly string SwarmId = new('5', 64);
    private static readonly string PhysicalId = new('c', 64);
    private static readonly string OtherId = new('d', 64);

    [Fact]
    public void Every_engines_usage_is_merged_as_the_cluster_wide_lists_show_things()
    {
        var node1 = EngineSnapshots.Healthy("node-1", containers:
        [
            new EngineContainer { Id = PhysicalId, Name = "web", Labels = new Dictionary<string, string> { [SchedulingRequest.SwarmIdLabel] = SwarmId } },
        ]);
        var node2 = EngineSnapshots.Healthy("node-2");
        var first = JsonNode.Parse($$$"""
            {"LayersSize":100,
             "Images":[{"Id":"sha256:a","Created":1,"RepoTags":["busybox:latest"],"Containers":1,"Size":10},{"Id":"sha256:b","Created":5,"RepoTags":["app:1"],"Containers":0,"Size":3}],
             "Containers":[{"Id":"{{{PhysicalId}}}","Names":["/web"],"Image":"busybox","SizeRw":7}],
             "Volumes":[{"Name":"data","Driver":"local","Scope":"local","UsageData":{"Size":4,"RefCount":1}}],
             "BuildCache":[{"ID":"c1","Size":9}]}
            """)!.AsObject();
        var second = JsonNode.Parse($$$"""
            {"LayersSize":50,
             "Images":[{"Id":"sha256:a","Created":1,"RepoTags":["busybox:latest","mine:2"],"Containers":2,"Size":10}],
             "Containers":[{"Id":"{{{OtherId}}}","Names":["/db"],"Image":"busybox","SizeRw":1}],
             "Volumes":[{"Name":"data","Driver":"local","Scope":"local","UsageData":{"Size":2,"RefCount":0}}],
             "BuildCache":[{"ID":"c2","Size":1}]}
            """)!.AsObject();

        var merged = DiskUsageRoutes.Merge([(node1, first), (node2, second)]);

        Assert.Equal(150, merged["LayersSize"]!.GetValue<long>());
        var images = merged["Images"]!.AsArray();
        Assert.Equal(["sha256:b", "sha256:a"], images.Select(i => i!["Id"]!.GetValue<string>()));
        Assert.Equal(["busybox:latest", "mine:2"], images[1]!["RepoTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(3, images[1]!["Containers"]!.GetValue<long>());
        Assert.Equal(0, images[0]!["Containers"]!.GetValue<long>());

        var containers = merged["Containers"]!.AsArray();
        Assert.Equal([SwarmId, OtherId], containers.Select(c => c!["Id"]!.GetValue<string>()));
        Assert.Equal(["/node-1/web", "/node-2/db"], containers.Select(c => c!["Names"]![0]!.GetValue<string>()));
        Assert.Equal(7, containers[0]!["SizeRw"]!.GetValue<long>());

        Assert.Equal(["node-1/data", "node-2/data"], merged["Volumes"]!.AsArray().Select(v => v!["Name"]!.GetValue<string>()));
        Assert.Equal(["c1", "c2"], merged["BuildCache"]!.AsArray().Select(c => c!["ID"]!.GetValue<string>()));
        Assert.Null(merged["BuilderSize"]);
    }

    [Fact]
    public void Parts_an_engine_was_not_asked_for_stay_out_and_an_old_builder_size_is_summed()
    {
        var merged = DiskUsageRoutes.Merge(
        [
            (EngineSnapshots.Healthy("node-1"), JsonNode.Parse("""{"LayersSize":1,"BuilderSize":5}""")!.AsObject()),
            (EngineSnapshots.Healthy("node-2"), JsonNode.Parse("""{"LayersSize":2,"BuilderSize":6}""")!.AsObject()),
        ]);
        Assert.Equal("""{"LayersSize":3,"BuilderSize":11}""", merged.ToJsonString());
    }
}
