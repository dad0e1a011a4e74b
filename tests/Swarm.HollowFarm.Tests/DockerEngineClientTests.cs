using Docker.DotNet.Models;
using Swarm.Engines;
using Swarm.Engines.Dockerd;
using Swarm.HollowFarm.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.HollowFarm.Tests;

/// <summary>Our own Docker.DotNet client, as the cluster uses it, against a hollow engine over HTTP.</summary>
public sealed class DockerEngineClientTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FarmProcess farm = null!;
    private DockerEngineClient client = null!;

    public async Task InitializeAsync()
    {
        farm = await FarmProcess.OnLoopback(1, "--cpus", "8", "--memory", "16g", "--label", "zone=a", "--docker-id", "SHARED:ID");
        client = new DockerEngineClient(farm.Addresses[0]);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        output.WriteLine(farm.Log);
        await farm.DisposeAsync();
    }

    [Fact]
    public async Task Specs_come_from_info_and_version()
    {
        var specs = await client.GetSpecsAsync(CancellationToken.None);
        Assert.Equal(("SHARED:ID", "hollow-1", 8L, 16L << 30), (specs.DockerId, specs.Name, specs.Cpus, specs.Memory));
        Assert.Equal(["zone=a", "hollow=true"], specs.Labels);
        Assert.Equal(("20.10.24-hollow", "1.41", "linux", "hollow"), (specs.ServerVersion, specs.ApiVersion, specs.OSType, specs.StorageDriver));
        Assert.NotNull(specs.EngineTime);
    }

    [Fact]
    public async Task A_call_under_way_when_the_engine_is_validated_again_still_gets_its_answer()
    {
        await using var slow = await FarmProcess.OnLoopback(1, "--latency", "1s");
        using var engine = new DockerEngineClient(slow.Addresses[0]);
        await engine.GetSpecsAsync(CancellationToken.None);

        // A reconnection validates the engine again (each call takes a second here) while the engine's actor still
        // has a call out, begun before the validation's first answer and ending after it.
        var validation = engine.GetSpecsAsync(CancellationToken.None);
        await Task.Delay(500);
        var underWay = engine.ListContainersAsync(CancellationToken.None);
        await validation;
        Assert.Empty(await underWay);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_view_read_from_the_inspect_json_is_the_one_read_from_docker_dotnets_model(bool started)
    {
        await client.GetSpecsAsync(CancellationToken.None);
        var created = await client.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "view",
            Image = "busybox",
            Cmd = ["httpd", "-f", "-p", "80"],
            Labels = new Dictionary<string, string> { ["com.docker.swarm.id"] = "abc123", ["tier"] = "front" },
            ExposedPorts = new Dictionary<string, EmptyStruct> { ["443/tcp"] = default },
            HostConfig = new HostConfig
            {
                PortBindings = new Dictionary<string, IList<PortBinding>>
                {
                    ["80/tcp"] = [new PortBinding { HostPort = "" }],
                    ["8080/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = "18080" }],
                },
                CPUShares = 512,
                Memory = 64L << 20,
                Binds = ["data:/var/lib/data"],
            },
        }, CancellationToken.None);
        if (started) await client.StartContainerAsync(created.ID, CancellationToken.None);

        var fromJson = await client.InspectViewAsync(created.ID, CancellationToken.None);
        var fromModel = Swarm.Engines.View.EngineContainer.FromInspect(await client.InspectContainerAsync(created.ID, CancellationToken.None));

        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(fromModel), System.Text.Json.JsonSerializer.Serialize(fromJson));
        Assert.Equal((created.ID, "view", "abc123", started ? 4 : 2), (fromJson.Id, fromJson.Name, fromJson.SwarmId, fromJson.PortBindings.Count + fromJson.PublishedPorts.Count));
    }

    [Fact]
    public async Task The_view_of_a_container_the_engine_does_not_have_is_not_found_as_docker_dotnet_says()
    {
        await client.GetSpecsAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<Docker.DotNet.DockerContainerNotFoundException>(() => client.InspectViewAsync("nope", CancellationToken.None));
        Assert.Contains("No such container: nope", error.ResponseBody);
    }

    [Fact]
    public async Task A_container_goes_through_its_life_cycle_and_its_events_stream_in()
    {
        await client.GetSpecsAsync(CancellationToken.None);
        using var streaming = new CancellationTokenSource();
        var events = new EventCollector();
        var monitor = client.MonitorEventsAsync(EventTime.Format(DateTimeOffset.UtcNow.AddSeconds(-1)), events, streaming.Token);

        var created = await client.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "api",
            Image = "busybox",
            Cmd = ["sleep", "100"],
            Labels = new Dictionary<string, string> { ["since"] = "2024-01-01T00:00:00Z" },
            HostConfig = new HostConfig { PortBindings = new Dictionary<string, IList<PortBinding>> { ["80/tcp"] = [new PortBinding { HostPort = "" }] } },
        }, CancellationToken.None);
        await client.StartContainerAsync(created.ID, CancellationToken.None);
        Assert.True(await events.Saw(created.ID, ["create", "start"]), string.Join(",", events.ActionsOf(created.ID)));

        var inspected = await client.InspectContainerAsync("api", CancellationToken.None);
        Assert.Equal((created.ID, "/api", true), (inspected.ID, inspected.Name, inspected.State.Running));
        Assert.Equal("2024-01-01T00:00:00Z", inspected.Config.Labels["since"]);
        Assert.Equal("32768", inspected.NetworkSettings.Ports["80/tcp"][0].HostPort);

        var listed = Assert.Single(await client.ListContainersAsync(CancellationToken.None));
        Assert.Equal((created.ID, "/api", "running", "sleep 100"), (listed.ID, listed.Names[0], listed.State, listed.Command));
        Assert.True(listed.Created > DateTime.UtcNow.AddMinutes(-1));
        Assert.Equal(32768, Assert.Single(listed.Ports).PublicPort);

        // A second container after the stream is known to be open: its events come live, not from the replay.
        var live = await client.CreateContainerAsync(new CreateContainerParameters { Image = "busybox" }, CancellationToken.None);
        Assert.True(await events.Saw(live.ID, ["create"]));

        await client.StopContainerAsync(created.ID, 1, CancellationToken.None);
        Assert.Equal(0, await client.WaitContainerAsync(created.ID, CancellationToken.None));
        Assert.Equal("exited", (await client.InspectContainerAsync(created.ID, CancellationToken.None)).State.Status);
        await client.RemoveContainerAsync(created.ID, force: false, removeVolumes: false, CancellationToken.None);
        Assert.True(await events.Saw(created.ID, ["create", "start", "kill", "die", "stop", "destroy"]));
        Assert.DoesNotContain(await client.ListContainersAsync(CancellationToken.None), c => c.ID == created.ID);

        streaming.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor);
    }

    [Fact]
    public async Task Pause_kill_and_restart_answer_as_dockerd()
    {
        var created = await client.CreateContainerAsync(new CreateContainerParameters { Name = "cycle", Image = "busybox:latest" }, CancellationToken.None);
        await client.StartContainerAsync("cycle", CancellationToken.None);
        await client.PauseContainerAsync("cycle", CancellationToken.None);
        Assert.True((await client.InspectContainerAsync(created.ID, CancellationToken.None)).State.Paused);
        await client.UnpauseContainerAsync("cycle", CancellationToken.None);
        await client.KillContainerAsync("cycle", "KILL", CancellationToken.None);
        Assert.Equal(137, (await client.InspectContainerAsync(created.ID, CancellationToken.None)).State.ExitCode);
        var notRunning = await Assert.ThrowsAsync<Docker.DotNet.DockerApiException>(() => client.KillContainerAsync("cycle", "KILL", CancellationToken.None));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, notRunning.StatusCode);
        Assert.Equal($"Cannot kill container: cycle: Container {created.ID} is not running", DockerErrorMessage.Of(notRunning));
        await client.RestartContainerAsync(created.ID[..12], 0, CancellationToken.None);
        Assert.True((await client.InspectContainerAsync(created.ID, CancellationToken.None)).State.Running);
        await client.RemoveContainerAsync("cycle", force: true, removeVolumes: true, CancellationToken.None);
        await Assert.ThrowsAsync<Docker.DotNet.DockerContainerNotFoundException>(() => client.InspectContainerAsync("cycle", CancellationToken.None));
    }

    [Fact]
    public async Task Images_networks_and_volumes_are_listed()
    {
        var image = Assert.Single(await client.ListImagesAsync(CancellationToken.None));
        Assert.Equal(["busybox:latest"], image.RepoTags);
        Assert.Equal(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), image.Created.ToUniversalTime());
        Assert.Equal(["bridge", "host", "none"], (await client.ListNetworksAsync(CancellationToken.None)).Select(n => n.Name).Order());
        Assert.Empty(await client.ListVolumesAsync(CancellationToken.None));
    }
}
