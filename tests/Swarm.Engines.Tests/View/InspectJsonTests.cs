using System.Text;
using System.Text.Json;
using Swarm.Engines.View;
using DockerModels = Docker.DotNet.Models;

namespace Swarm.Engines.Tests.View;

/// <summary>The view read straight from an inspect answer's JSON against the view read from Docker.DotNet's model of it.</summary>
public class InspectJsonTests
{
    // As dockerd 20.10 writes it (abridged where the view reads nothing): nanosecond times, a null port entry,
    // a named volume and a bind mount, a health check, two networks.
    private const string Dockerd = """
        {
          "Id": "9c1bd3f4e5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2",
          "Created": "2026-12-05T13:01:02.123456789Z",
          "Path": "/docker-entrypoint.sh",
          "Args": ["nginx", "-g", "daemon off;"],
          "State": {
            "Status": "running", "Running": true, "Paused": false, "Restarting": false, "OOMKilled": false, "Dead": false,
            "Pid": 4242, "ExitCode": 0, "Error": "",
            "StartedAt": "2026-12-05T13:01:03.987654321Z", "FinishedAt": "0001-01-01T00:00:00Z",
            "Health": { "Status": "healthy", "FailingStreak": 0, "Log": [] }
          },
          "Image": "sha256:0f2d4c6e8a0b2d4f6a8c0e2a4c6e8a0b2d4f6a8c0e2a4c6e8a0b2d4f6a8c0e2a",
          "Name": "/web-1",
          "RestartCount": 0,
          "HostConfig": {
            "Binds": ["data:/var/lib/data", "/srv/conf:/etc/nginx/conf.d:ro"],
            "NetworkMode": "front",
            "PortBindings": { "80/tcp": [{ "HostIp": "", "HostPort": "8080" }], "443/tcp": [{ "HostIp": "127.0.0.1", "HostPort": "" }] },
            "RestartPolicy": { "Name": "no", "MaximumRetryCount": 0 },
            "VolumesFrom": ["store:ro"],
            "Links": ["/db:/web-1/db"],
            "CpuShares": 2048,
            "Memory": 268435456,
            "Ulimits": null
          },
          "Mounts": [
            { "Type": "volume", "Name": "data", "Source": "/var/lib/docker/volumes/data/_data", "Destination": "/var/lib/data", "Driver": "local", "Mode": "z", "RW": true, "Propagation": "" },
            { "Type": "bind", "Source": "/srv/conf", "Destination": "/etc/nginx/conf.d", "Mode": "ro", "RW": false, "Propagation": "rprivate" }
          ],
          "Config": {
            "Hostname": "9c1bd3f4e5a6", "Env": ["PATH=/usr/bin"], "Cmd": ["nginx", "-g", "daemon off;"],
            "Image": "nginx:1.25",
            "ExposedPorts": { "80/tcp": {}, "443/tcp": {} },
            "Labels": { "com.docker.swarm.id": "5d1e0c2b", "region": "eu-west", "maintainer": "NGINX Docker Maintainers" }
          },
          "NetworkSettings": {
            "Bridge": "", "SandboxID": "1a2b",
            "Ports": { "443/tcp": [{ "HostIp": "127.0.0.1", "HostPort": "49153" }], "80/tcp": [{ "HostIp": "0.0.0.0", "HostPort": "8080" }, { "HostIp": "::", "HostPort": "8080" }], "9000/tcp": null },
            "Networks": {
              "front": { "IPAMConfig": null, "Links": null, "Aliases": ["9c1bd3f4e5a6"], "NetworkID": "7e57ab1e", "EndpointID": "e1", "Gateway": "172.18.0.1", "IPAddress": "172.18.0.2" },
              "back": { "NetworkID": "bac4e4d", "IPAddress": "172.19.0.2" }
            }
          }
        }
        """;

    private static async Task<EngineContainer> FromJson(string json)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return await EngineContainer.FromInspectJsonAsync(stream, CancellationToken.None);
    }

    private static string Shape(EngineContainer container) => JsonSerializer.Serialize(container);

    [Fact]
    public async Task A_dockerd_inspect_reads_as_docker_dotnets_model_of_it_does()
    {
        var fromModel = EngineContainer.FromInspect(Newtonsoft.Json.JsonConvert.DeserializeObject<DockerModels.ContainerInspectResponse>(Dockerd)!);
        var fromJson = await FromJson(Dockerd);

        Assert.Equal(Shape(fromModel), Shape(fromJson));
        // Read, not defaulted: the comparison above would pass on two empty views.
        Assert.Equal(("web-1", "5d1e0c2b", ContainerStateOf("running"), "healthy"), (fromJson.Name, fromJson.SwarmId, fromJson.State, fromJson.HealthStatus));
        Assert.Equal("/docker-entrypoint.sh nginx -g daemon off;", fromJson.Command);
        Assert.Equal(new DateTime(2026, 12, 5, 13, 1, 2, DateTimeKind.Utc).AddTicks(1234568), fromJson.Created);
        Assert.Equal(DateTimeKind.Utc, fromJson.Created.Kind);
        Assert.Equal(["data", "/var/lib/data", "/etc/nginx/conf.d"], fromJson.Mounts);
        Assert.Equal(new Dictionary<string, string> { ["front"] = "7e57ab1e", ["back"] = "bac4e4d" }, fromJson.Networks);
        Assert.Equal((2048L, 256L << 20), (fromJson.CpuShares, fromJson.Memory));
        Assert.Equal(3, fromJson.PublishedPorts.Count);
    }

    [Fact]
    public async Task A_created_container_without_networks_mounts_or_labels_reads_the_same_way_too()
    {
        const string created = """
            { "Id": "abc", "Created": "2026-12-05T13:01:02Z", "Path": "sh", "Args": [], "Name": "/idle", "Image": "sha256:1",
              "State": { "Status": "created", "Running": false, "Paused": false, "ExitCode": 0, "StartedAt": "0001-01-01T00:00:00Z", "FinishedAt": "0001-01-01T00:00:00Z" },
              "HostConfig": { "NetworkMode": "default", "PortBindings": {}, "CpuShares": 0, "Memory": 0, "Links": null, "VolumesFrom": null },
              "Mounts": [], "Config": { "Image": "busybox", "Labels": null, "ExposedPorts": null },
              "NetworkSettings": { "Ports": {}, "Networks": {} } }
            """;
        var fromModel = EngineContainer.FromInspect(Newtonsoft.Json.JsonConvert.DeserializeObject<DockerModels.ContainerInspectResponse>(created)!);
        var fromJson = await FromJson(created);

        Assert.Equal(Shape(fromModel), Shape(fromJson));
        Assert.Equal(("idle", "sh", ContainerStateOf("created")), (fromJson.Name, fromJson.Command, fromJson.State));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"message\": \"page not found\"}")]
    public async Task An_answer_that_is_not_an_inspect_is_refused(string json) =>
        await Assert.ThrowsAsync<JsonException>(() => FromJson(json));

    private static Swarm.Scheduling.Model.ContainerState ContainerStateOf(string status) =>
        status == "running" ? Swarm.Scheduling.Model.ContainerState.Running : Swarm.Scheduling.Model.ContainerState.Created;
}
