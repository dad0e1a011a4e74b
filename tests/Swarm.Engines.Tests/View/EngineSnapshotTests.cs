using Docker.DotNet.Models;
using Swarm.Engines.Health;
using Swarm.Engines.Tests.Support;
using Swarm.Engines.View;

namespace Swarm.Engines.Tests.View;

public class EngineSnapshotTests
{
    private static EngineContainer Container(string id, long cpuShares, long memory) =>
        new() { Id = id, Name = id, CpuShares = cpuShares, Memory = memory };

    private static EngineSnapshot Snapshot(EngineSpecs? specs, params EngineContainer[] containers) => new()
    {
        Id = specs is null ? "" : EngineSpecs.EngineId(specs.DockerId, "10.0.0.1:2375"),
        Name = "node-1",
        Address = "10.0.0.1:2375",
        Health = EngineHealth.Pending(3),
        Specs = specs,
        Labels = new Dictionary<string, string> { ["zone"] = "eu-1" },
        Containers = containers,
    };

    [Fact]
    public void Engine_id_joins_the_daemon_id_and_the_address()
    {
        Assert.Equal("AAAA:BBBB|10.0.0.1:2375", EngineSpecs.EngineId("AAAA:BBBB", "10.0.0.1:2375"));
    }

    [Fact]
    public void Reserved_memory_sums_the_containers()
    {
        var snapshot = Snapshot(Specs.Of(), Container("a", 0, 100), Container("b", 0, 250), Container("c", 0, 0));
        Assert.Equal(350, snapshot.ReservedMemory);
    }

    [Fact]
    public void Reserved_cpus_sum_each_container_shares_read_as_cpus_of_the_engine()
    {
        // 4 CPUs: 256 shares = 1 CPU, 512 = 2, 1024 = 4; 100 shares round down to nothing.
        var snapshot = Snapshot(Specs.Of(), Container("a", 256, 0), Container("b", 512, 0), Container("c", 1024, 0), Container("d", 100, 0));
        Assert.Equal(7, snapshot.ReservedCpus);
    }

    [Fact]
    public void Nothing_is_reserved_on_an_empty_engine()
    {
        var snapshot = Snapshot(Specs.Of());
        Assert.Equal(0, snapshot.ReservedCpus);
        Assert.Equal(0, snapshot.ReservedMemory);
    }

    [Fact]
    public void Reserved_cpus_are_zero_before_the_specs_are_known()
    {
        Assert.Equal(0, Snapshot(null, Container("a", 1024, 10)).ReservedCpus);
    }

    [Fact]
    public void No_node_before_the_engine_was_first_reached()
    {
        Assert.Null(Snapshot(null).ToNodeDescription());
    }

    [Fact]
    public void The_node_carries_identity_labels_and_raw_capacity_once_specs_are_known()
    {
        var snapshot = Snapshot(Specs.Of(), Container("a", 1024, 1L << 30));
        var node = snapshot.ToNodeDescription();
        Assert.NotNull(node);
        Assert.Equal("AAAA:BBBB|10.0.0.1:2375", node.Id);
        Assert.Equal("node-1", node.Name);
        Assert.Equal("10.0.0.1:2375", node.Address);
        Assert.Equal("eu-1", node.Labels["zone"]);
        Assert.Equal(4, node.Cpus);
        Assert.Equal(8L << 30, node.Memory);
    }

    [Fact]
    public void Node_images_carry_id_and_tags()
    {
        var snapshot = Snapshot(Specs.Of()) with
        {
            Images =
            [
                new ImagesListResponse { ID = "sha256:1", RepoTags = ["nginx:1.25", "nginx:latest"] },
                new ImagesListResponse { ID = "sha256:2", RepoTags = null! },
            ],
        };
        var images = snapshot.NodeImages();
        Assert.Equal(2, images.Count);
        Assert.Equal("sha256:1", images[0].Id);
        Assert.Equal(["nginx:1.25", "nginx:latest"], images[0].RepoTags);
        Assert.Equal("sha256:2", images[1].Id);
        Assert.Empty(images[1].RepoTags);
    }
}
