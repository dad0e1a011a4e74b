using Swarm.Engines.Hollow;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEngineSpecsTests
{
    private static async Task<EngineSpecs> SpecsOf(HollowEngine engine)
    {
        using var client = engine.Connect();
        return await client.GetSpecsAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Specs_say_the_engine_is_hollow()
    {
        var specs = await SpecsOf(HollowEngines.Engine(labels: ["zone=eu-1"]));
        Assert.Contains("hollow=true", specs.Labels);
        Assert.Contains(HollowEngine.HollowLabel, specs.Labels);
        Assert.Contains("zone=eu-1", specs.Labels);
        Assert.Equal(HollowEngine.OperatingSystemName, specs.OperatingSystem);
        Assert.Contains("Hollow", specs.OperatingSystem);
        Assert.Equal("x86_64", specs.Architecture);
    }

    [Fact]
    public async Task Specs_carry_the_configured_name_and_capacity()
    {
        var specs = await SpecsOf(HollowEngines.Engine());
        Assert.Equal("hollow-1", specs.Name);
        Assert.Equal(4, specs.Cpus);
        Assert.Equal(4L << 30, specs.Memory);
        Assert.Equal("linux", specs.OSType);
        Assert.Equal("1.41", specs.ApiVersion);
        Assert.False(string.IsNullOrEmpty(specs.ServerVersion));
    }

    [Fact]
    public async Task Standard_node_labels_can_be_built_from_hollow_specs()
    {
        var specs = await SpecsOf(HollowEngines.Engine(labels: ["zone=eu-1"]));
        var labels = Swarm.Engines.View.NodeLabels.TryBuild(specs, "id", "addr", [], out string? error);
        Assert.Null(error);
        Assert.NotNull(labels);
        Assert.Equal("true", labels["hollow"]);
        Assert.Equal(HollowEngine.OperatingSystemName, labels["operatingsystem"]);
    }

    [Fact]
    public async Task Docker_id_is_derived_from_the_address_in_dockerd_format()
    {
        var engine = HollowEngines.Engine("10.0.0.1:2375");
        var specs = await SpecsOf(engine);
        Assert.Equal(engine.DockerId, specs.DockerId);
        Assert.Matches("^[0-9A-F]{4}(:[0-9A-F]{4}){11}$", specs.DockerId);
        Assert.Equal(engine.DockerId, HollowEngines.Engine("10.0.0.1:2375").DockerId);
        Assert.NotEqual(engine.DockerId, HollowEngines.Engine("10.0.0.2:2375").DockerId);
    }

    [Fact]
    public async Task A_given_docker_id_is_used_and_clones_share_it()
    {
        const string cloned = "CLON:EDID:0000:0000:0000:0000:0000:0000:0000:0000:0000:0001";
        var first = await SpecsOf(HollowEngines.Engine("10.0.0.1:2375", dockerId: cloned));
        var second = await SpecsOf(HollowEngines.Engine("10.0.0.2:2375", dockerId: cloned));
        Assert.Equal(cloned, first.DockerId);
        Assert.Equal(cloned, second.DockerId);
        Assert.NotEqual(EngineSpecs.EngineId(first.DockerId, "10.0.0.1:2375"), EngineSpecs.EngineId(second.DockerId, "10.0.0.2:2375"));
    }

    [Fact]
    public async Task The_client_reports_the_engine_address()
    {
        var engine = HollowEngines.Engine("10.0.0.7:2375");
        using var client = engine.Connect();
        Assert.Equal("10.0.0.7:2375", client.Address);
        Assert.Equal("10.0.0.7:2375", engine.Address);
        await client.PingAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Images_given_at_start_are_listed_with_tags()
    {
        var engine = new HollowEngine(new HollowEngineOptions { Address = "10.0.0.1:2375", Name = "h", Images = ["busybox", "nginx:1.25"] });
        using var client = engine.Connect();
        var images = await client.ListImagesAsync(CancellationToken.None);
        Assert.Equal(2, images.Count);
        Assert.Equal(["busybox:latest"], images[0].RepoTags);
        Assert.Equal(["nginx:1.25"], images[1].RepoTags);
        Assert.All(images, i => Assert.StartsWith("sha256:", i.ID));
        Assert.NotEqual(images[0].ID, images[1].ID);
    }

    [Fact]
    public async Task The_default_networks_are_listed_and_no_volumes()
    {
        using var client = HollowEngines.Engine().Connect();
        var networks = await client.ListNetworksAsync(CancellationToken.None);
        Assert.Equal(["bridge", "host", "none"], networks.Select(n => n.Name).Order());
        Assert.Equal("bridge", networks.Single(n => n.Name == "bridge").Driver);
        Assert.All(networks, n => Assert.False(string.IsNullOrEmpty(n.ID)));
        Assert.Empty(await client.ListVolumesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_network_list_names_no_containers_as_dockerd_since_API_1_28_and_inspect_does()
    {
        var engine = HollowEngines.Engine();
        using var client = engine.Connect();
        string id = (await client.CreateContainerAsync(new Docker.DotNet.Models.CreateContainerParameters { Image = "busybox", Name = "web" }, CancellationToken.None)).ID;
        await client.StartContainerAsync(id, CancellationToken.None);

        Assert.All(await client.ListNetworksAsync(CancellationToken.None), n => Assert.Empty(n.Containers));
        Assert.Equal("web", (await engine.InspectNetworkAsync("bridge", CancellationToken.None)).Containers[id].Name);
    }
}
