using Swarm.Engines.View;
using Swarm.Scheduling.Model;
using DockerModels = Docker.DotNet.Models;

namespace Swarm.Engines.Tests.View;

public class EngineContainerTests
{
    private const string Id = "4f66ad9a0b2e3c1d5e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5";

    private static DockerModels.ContainerInspectResponse Inspect(string status = "running") => new()
    {
        ID = Id,
        Name = "/web",
        Image = "sha256:feedface",
        Path = "nginx",
        Args = ["-g", "daemon off;"],
        Created = new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc),
        State = new DockerModels.ContainerState
        {
            Status = status,
            Running = status is "running" or "paused" or "restarting",
            Paused = status == "paused",
            ExitCode = 0,
            StartedAt = "2024-05-01T12:00:01Z",
            FinishedAt = "0001-01-01T00:00:00Z",
        },
        Config = new DockerModels.Config
        {
            Image = "nginx:1.25",
            Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = "swarm-123", ["tier"] = "front" },
            ExposedPorts = new Dictionary<string, DockerModels.EmptyStruct> { ["80/tcp"] = default, ["443/tcp"] = default },
        },
        HostConfig = new DockerModels.HostConfig
        {
            NetworkMode = "bridge",
            Links = ["/db:/web/db"],
            VolumesFrom = ["data:ro"],
            CPUShares = 512,
            Memory = 256L << 20,
            PortBindings = new Dictionary<string, IList<DockerModels.PortBinding>>
            {
                ["80/tcp"] = [new DockerModels.PortBinding { HostIP = "", HostPort = "" }],
                ["443/tcp"] = [new DockerModels.PortBinding { HostIP = "10.0.0.1", HostPort = "8443" }],
            },
        },
        NetworkSettings = new DockerModels.NetworkSettings
        {
            Ports = new Dictionary<string, IList<DockerModels.PortBinding>>
            {
                ["80/tcp"] =
                [
                    new DockerModels.PortBinding { HostIP = "0.0.0.0", HostPort = "32768" },
                    new DockerModels.PortBinding { HostIP = "::", HostPort = "32768" },
                ],
                ["443/tcp"] = [new DockerModels.PortBinding { HostIP = "10.0.0.1", HostPort = "8443" }],
                ["9000/tcp"] = null!,
            },
        },
    };

    [Fact]
    public void Identity_and_command_come_from_the_inspect()
    {
        var container = EngineContainer.FromInspect(Inspect());
        Assert.Equal(Id, container.Id);
        Assert.Equal("web", container.Name);
        Assert.Equal("nginx:1.25", container.Image);
        Assert.Equal("sha256:feedface", container.ImageId);
        Assert.Equal("nginx -g daemon off;", container.Command);
        Assert.Equal(new DateTime(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc), container.Created);
        Assert.Equal("2024-05-01T12:00:01Z", container.StartedAt);
        Assert.Equal("0001-01-01T00:00:00Z", container.FinishedAt);
    }

    [Fact]
    public void The_name_loses_its_leading_slash()
    {
        var inspect = Inspect();
        inspect.Name = "/db";
        Assert.Equal("db", EngineContainer.FromInspect(inspect).Name);
    }

    [Theory]
    [InlineData("created", ContainerState.Created)]
    [InlineData("running", ContainerState.Running)]
    [InlineData("paused", ContainerState.Paused)]
    [InlineData("restarting", ContainerState.Restarting)]
    [InlineData("removing", ContainerState.Removing)]
    [InlineData("exited", ContainerState.Exited)]
    [InlineData("dead", ContainerState.Dead)]
    public void Docker_state_names_map_to_container_states(string status, ContainerState state)
    {
        Assert.Equal(state, EngineContainer.FromInspect(Inspect(status)).State);
    }

    [Theory]
    [InlineData(false, false, ContainerState.Exited)]
    [InlineData(true, false, ContainerState.Running)]
    [InlineData(true, true, ContainerState.Paused)]
    public void Without_a_status_the_flags_decide(bool running, bool paused, ContainerState state)
    {
        var inspect = Inspect();
        inspect.State = new DockerModels.ContainerState { Status = null, Running = running, Paused = paused };
        Assert.Equal(state, EngineContainer.FromInspect(inspect).State);
    }

    [Fact]
    public void Exit_code_and_health_are_kept()
    {
        var inspect = Inspect("exited");
        inspect.State.ExitCode = 137;
        inspect.State.Health = new DockerModels.Health { Status = "unhealthy" };
        var container = EngineContainer.FromInspect(inspect);
        Assert.Equal(137, container.ExitCode);
        Assert.Equal("unhealthy", container.HealthStatus);
    }

    [Fact]
    public void Labels_are_copied_and_carry_the_swarm_id()
    {
        var inspect = Inspect();
        var container = EngineContainer.FromInspect(inspect);
        inspect.Config.Labels["tier"] = "changed";
        inspect.Config.Labels["added"] = "later";
        Assert.Equal("front", container.Labels["tier"]);
        Assert.False(container.Labels.ContainsKey("added"));
        Assert.Equal("swarm-123", container.SwarmId);
    }

    [Fact]
    public void A_container_without_the_swarm_label_has_no_swarm_id()
    {
        var inspect = Inspect();
        inspect.Config.Labels.Remove("com.docker.swarm.id");
        Assert.Equal("", EngineContainer.FromInspect(inspect).SwarmId);
    }

    [Fact]
    public void Requested_port_bindings_come_from_the_host_config()
    {
        var container = EngineContainer.FromInspect(Inspect());
        Assert.Equal(
            new[] { new PortBinding("443/tcp", "10.0.0.1", "8443"), new PortBinding("80/tcp", "", "") }.OrderBy(p => p.ContainerPort),
            container.PortBindings.OrderBy(p => p.ContainerPort));
    }

    [Fact]
    public void Published_ports_are_flattened_with_their_container_port()
    {
        var container = EngineContainer.FromInspect(Inspect());
        Assert.Equal(3, container.PublishedPorts.Count);
        Assert.Contains(new PortBinding("80/tcp", "0.0.0.0", "32768"), container.PublishedPorts);
        Assert.Contains(new PortBinding("80/tcp", "::", "32768"), container.PublishedPorts);
        Assert.Contains(new PortBinding("443/tcp", "10.0.0.1", "8443"), container.PublishedPorts);
        Assert.DoesNotContain(container.PublishedPorts, p => p.ContainerPort == "9000/tcp");
    }

    [Fact]
    public void Network_settings_and_resources_are_kept()
    {
        var container = EngineContainer.FromInspect(Inspect());
        Assert.Equal(["443/tcp", "80/tcp"], container.ExposedPorts.Order());
        Assert.Equal("bridge", container.NetworkMode);
        Assert.Equal(["/db:/web/db"], container.Links);
        Assert.Equal(["data:ro"], container.VolumesFrom);
        Assert.Equal(512, container.CpuShares);
        Assert.Equal(256L << 20, container.Memory);
    }

    [Fact]
    public void Missing_sections_of_the_inspect_give_empty_values()
    {
        var inspect = new DockerModels.ContainerInspectResponse { ID = Id, Name = "/bare" };
        var container = EngineContainer.FromInspect(inspect);
        Assert.Equal("bare", container.Name);
        Assert.Equal("", container.Image);
        Assert.Empty(container.Labels);
        Assert.Empty(container.PortBindings);
        Assert.Empty(container.PublishedPorts);
        Assert.Empty(container.ExposedPorts);
        Assert.Empty(container.Links);
        Assert.Empty(container.VolumesFrom);
        Assert.Equal("", container.NetworkMode);
        Assert.Equal(0, container.CpuShares);
        Assert.Equal(0, container.Memory);
        Assert.Equal("", container.SwarmId);
        Assert.Equal(ContainerState.Exited, container.State);
    }

    [Fact]
    public void Null_collections_inside_present_sections_are_tolerated()
    {
        var inspect = new DockerModels.ContainerInspectResponse
        {
            ID = Id,
            Name = null!,
            HostConfig = new DockerModels.HostConfig { PortBindings = null!, Links = null!, VolumesFrom = null! },
            Config = new DockerModels.Config { Labels = null!, ExposedPorts = null! },
            NetworkSettings = new DockerModels.NetworkSettings { Ports = null! },
            State = new DockerModels.ContainerState { Status = "created" },
        };
        var container = EngineContainer.FromInspect(inspect);
        Assert.Equal("", container.Name);
        Assert.Equal(ContainerState.Created, container.State);
        Assert.Empty(container.Labels);
        Assert.Empty(container.PortBindings);
        Assert.Empty(container.PublishedPorts);
    }

    [Theory]
    [InlineData(512, 2, 1)]
    [InlineData(1024, 2, 2)]
    [InlineData(1024, 8, 8)]
    [InlineData(0, 4, 0)]
    public void Placement_sees_cpu_shares_as_cpus_of_the_engine(long shares, long engineCpus, long cpus)
    {
        var inspect = Inspect();
        inspect.HostConfig.CPUShares = shares;
        Assert.Equal(cpus, EngineContainer.FromInspect(inspect).ToContainerInfo(engineCpus).Cpus);
    }

    [Fact]
    public void Placement_sees_the_rest_of_the_container_unchanged()
    {
        var container = EngineContainer.FromInspect(Inspect("paused"));
        var info = container.ToContainerInfo(2);
        Assert.Equal(Id, info.Id);
        Assert.Equal("swarm-123", info.SwarmId);
        Assert.Equal("web", info.Name);
        Assert.Equal("nginx:1.25", info.Image);
        Assert.Equal("front", info.Labels["tier"]);
        Assert.Equal(container.PortBindings, info.PortBindings);
        Assert.Equal(container.PublishedPorts, info.PublishedPorts);
        Assert.Equal(container.ExposedPorts, info.ExposedPorts);
        Assert.Equal("bridge", info.NetworkMode);
        Assert.Equal(container.Links, info.Links);
        Assert.Equal(container.VolumesFrom, info.VolumesFrom);
        Assert.Equal(256L << 20, info.Memory);
        Assert.Equal(ContainerState.Paused, info.State);
        Assert.Equal(1, info.Cpus);
    }
}
