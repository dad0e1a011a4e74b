using Docker.DotNet.Models;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEnginePortsTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    private async Task<string> RunPublishing(string name, params (string ContainerPort, string HostIp, string HostPort)[] ports)
    {
        var bindings = new Dictionary<string, IList<PortBinding>>();
        foreach (var (containerPort, hostIp, hostPort) in ports)
        {
            if (!bindings.TryGetValue(containerPort, out var list)) bindings[containerPort] = list = [];
            list.Add(new PortBinding { HostIP = hostIp, HostPort = hostPort });
        }
        var parameters = new CreateContainerParameters
        {
            Name = name,
            Image = "busybox",
            ExposedPorts = bindings.Keys.ToDictionary(k => k, _ => default(EmptyStruct)),
            HostConfig = new HostConfig { PortBindings = bindings },
        };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        await client.StartContainerAsync(id, None);
        return id;
    }

    [Fact]
    public async Task An_empty_host_port_gets_a_dynamic_port_from_32768()
    {
        string id = await RunPublishing("web", ("80/tcp", "", ""));
        var binding = Assert.Single((await client.Inspect(id)).NetworkSettings.Ports["80/tcp"]);
        Assert.Equal("0.0.0.0", binding.HostIP);
        Assert.Equal("32768", binding.HostPort);
    }

    [Fact]
    public async Task Each_dynamic_port_is_a_new_one()
    {
        string first = await RunPublishing("first", ("80/tcp", "", ""), ("81/tcp", "", ""));
        string second = await RunPublishing("second", ("80/tcp", "", ""));
        var firstPorts = (await client.Inspect(first)).NetworkSettings.Ports;
        Assert.Equal(
            ["32768", "32769"],
            new[] { firstPorts["80/tcp"][0].HostPort, firstPorts["81/tcp"][0].HostPort }.Order());
        Assert.Equal("32770", (await client.Inspect(second)).NetworkSettings.Ports["80/tcp"][0].HostPort);
    }

    [Fact]
    public async Task A_fixed_host_port_and_address_are_kept()
    {
        string id = await RunPublishing("web", ("443/tcp", "127.0.0.1", "8443"));
        var binding = Assert.Single((await client.Inspect(id)).NetworkSettings.Ports["443/tcp"]);
        Assert.Equal("127.0.0.1", binding.HostIP);
        Assert.Equal("8443", binding.HostPort);
    }

    [Fact]
    public async Task Requested_bindings_stay_in_the_host_config()
    {
        string id = await RunPublishing("web", ("80/tcp", "", ""));
        var requested = Assert.Single((await client.Inspect(id)).HostConfig.PortBindings["80/tcp"]);
        Assert.Equal("", requested.HostPort);
    }

    [Fact]
    public async Task A_stopped_container_publishes_nothing()
    {
        string id = await RunPublishing("web", ("80/tcp", "", ""));
        await client.StopContainerAsync(id, null, None);
        Assert.Empty((await client.Inspect(id)).NetworkSettings.Ports);
        Assert.Empty(Assert.Single(await client.ListContainersAsync(None)).Ports);
    }

    [Fact]
    public async Task A_created_container_publishes_nothing_yet()
    {
        var parameters = new CreateContainerParameters
        {
            Name = "web",
            Image = "busybox",
            HostConfig = new HostConfig { PortBindings = new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = [new PortBinding { HostPort = "8080" }] } },
        };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        Assert.Empty((await client.Inspect(id)).NetworkSettings.Ports);
    }

    [Fact]
    public async Task Published_ports_read_back_into_the_engine_view()
    {
        string id = await RunPublishing("web", ("80/tcp", "", ""));
        var view = Swarm.Engines.View.EngineContainer.FromInspect(await client.Inspect(id));
        Assert.Equal([new Swarm.Scheduling.Model.PortBinding("80/tcp", "0.0.0.0", "32768")], view.PublishedPorts);
        Assert.Equal([new Swarm.Scheduling.Model.PortBinding("80/tcp", "", "")], view.PortBindings);
        Assert.Equal(Swarm.Scheduling.Model.ContainerState.Running, view.State);
    }
}
