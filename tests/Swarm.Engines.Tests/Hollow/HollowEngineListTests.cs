using Docker.DotNet.Models;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEngineListTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    [Fact]
    public async Task An_engine_starts_without_containers()
    {
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task The_list_shows_every_container_with_its_state_like_ps_all()
    {
        string created = await client.Create("created");
        string running = await client.Run("running");
        string exited = await client.Run("exited");
        await client.StopContainerAsync(exited, null, None);
        string paused = await client.Run("paused");
        await client.PauseContainerAsync(paused, None);

        var list = await client.ListContainersAsync(None);
        Assert.Equal(4, list.Count);
        Assert.Equal("created", list.Single(c => c.ID == created).State);
        Assert.Equal("running", list.Single(c => c.ID == running).State);
        Assert.Equal("exited", list.Single(c => c.ID == exited).State);
        Assert.Equal("paused", list.Single(c => c.ID == paused).State);
        Assert.StartsWith("Up", list.Single(c => c.ID == running).Status);
        Assert.StartsWith("Exited (0)", list.Single(c => c.ID == exited).Status);
        Assert.Equal("Created", list.Single(c => c.ID == created).Status);
        Assert.Contains("(Paused)", list.Single(c => c.ID == paused).Status);
    }

    [Fact]
    public async Task Names_carry_the_leading_slash()
    {
        string id = await client.Create("web");
        var entry = Assert.Single(await client.ListContainersAsync(None));
        Assert.Equal(id, entry.ID);
        Assert.Equal(["/web"], entry.Names);
    }

    [Fact]
    public async Task Entries_carry_image_command_and_labels()
    {
        var parameters = new CreateContainerParameters
        {
            Name = "web",
            Image = "nginx:1.25",
            Cmd = ["nginx", "-g", "daemon off;"],
            Labels = new Dictionary<string, string> { ["tier"] = "front" },
        };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        var entry = Assert.Single(await client.ListContainersAsync(None));
        var inspect = await client.Inspect(id);
        Assert.Equal("nginx:1.25", entry.Image);
        Assert.Equal(inspect.Image, entry.ImageID);
        Assert.Equal("nginx -g daemon off;", entry.Command);
        Assert.Equal("front", entry.Labels["tier"]);
        Assert.Equal(inspect.Created, entry.Created);
    }

    [Fact]
    public async Task Ports_of_a_running_container_are_listed()
    {
        var parameters = new CreateContainerParameters
        {
            Name = "web",
            Image = "busybox",
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["80/tcp"] = [new PortBinding { HostPort = "" }],
                    ["53/udp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "5353" }],
                },
            },
        };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        await client.StartContainerAsync(id, None);

        var ports = Assert.Single(await client.ListContainersAsync(None)).Ports;
        Assert.Equal(2, ports.Count);
        var web = ports.Single(p => p.PrivatePort == 80);
        Assert.Equal("tcp", web.Type);
        Assert.Equal("0.0.0.0", web.IP);
        Assert.Equal(32768, web.PublicPort);
        var dns = ports.Single(p => p.PrivatePort == 53);
        Assert.Equal("udp", dns.Type);
        Assert.Equal("127.0.0.1", dns.IP);
        Assert.Equal(5353, dns.PublicPort);
    }

    [Fact]
    public async Task Newest_containers_come_first()
    {
        string older = await client.Create("older");
        await Task.Delay(20);
        string newer = await client.Create("newer");
        var list = await client.ListContainersAsync(None);
        Assert.Equal([newer, older], list.Select(c => c.ID));
    }

    [Fact]
    public async Task Clients_of_one_engine_see_the_same_containers()
    {
        var engine = HollowEngines.Engine();
        using var first = engine.Connect();
        using var second = engine.Connect();
        string id = await first.Create("web");
        Assert.Equal(id, Assert.Single(await second.ListContainersAsync(None)).ID);
        Assert.Empty(await client.ListContainersAsync(None));
    }
}
