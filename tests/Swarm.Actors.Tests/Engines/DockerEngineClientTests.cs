using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Actors.Tests.Support;
using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The real engine client against real dockerd engines: TCP, unix socket, API negotiation, error kinds, events.</summary>
[Collection(RealEnginesCollection.Name)]
public sealed class DockerEngineClientTests(RealEngines engines)
{
    [Fact]
    public async Task Negotiates_the_engines_api_version_over_tcp()
    {
        using var client = new DockerEngineClient(engines[1].Address);
        var specs = await client.GetSpecsAsync(CancellationToken.None);
        Assert.Equal("node-1", specs.Name);
        Assert.Equal("1.41", specs.ApiVersion);
        Assert.StartsWith("20.10", specs.ServerVersion);
        Assert.Contains("region=eu", specs.Labels);
        Assert.NotNull(specs.EngineTime);
        Assert.True(Math.Abs((specs.EngineTime!.Value - DateTimeOffset.UtcNow).TotalSeconds) < 60);
    }

    [Fact]
    public async Task Reaches_an_engine_over_its_unix_socket()
    {
        using var client = new DockerEngineClient("unix://" + engines.SocketPath(2));
        Assert.Equal("node-2", (await client.GetSpecsAsync(CancellationToken.None)).Name);
        Assert.NotEmpty(await client.ListImagesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        using var client = new DockerEngineClient("127.0.0.1:1");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetSpecsAsync(CancellationToken.None));
        Assert.True(EngineErrors.IsConnectionError(error), error.ToString());
    }

    [Fact]
    public async Task An_answer_from_the_engine_is_not_a_connection_error()
    {
        using var client = new DockerEngineClient(engines[1].Address);
        var error = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.InspectContainerAsync("no-such-container", CancellationToken.None));
        Assert.False(EngineErrors.IsConnectionError(error));
    }

    [Fact]
    public async Task Creates_by_name_and_answers_a_missing_image_and_a_name_in_use_as_dockerd_does()
    {
        using var client = new DockerEngineClient(engines[1].Address);
        await client.GetSpecsAsync(CancellationToken.None);
        string name = "create-" + Guid.NewGuid().ToString("N")[..8];
        var parameters = new CreateContainerParameters
        {
            Name = name, Image = "busybox", Cmd = ["sleep", "60"], Labels = new Dictionary<string, string> { ["tier"] = "web" },
            HostConfig = new HostConfig { Memory = 32 << 20, RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped } },
        };
        var created = await client.CreateContainerAsync(parameters, CancellationToken.None);
        try
        {
            var inspected = await client.InspectContainerAsync(created.ID, CancellationToken.None);
            Assert.Equal(("/" + name, "web", 32L << 20, RestartPolicyKind.UnlessStopped), (inspected.Name, inspected.Config.Labels["tier"], inspected.HostConfig.Memory, inspected.HostConfig.RestartPolicy.Name));

            var inUse = await Assert.ThrowsAsync<DockerApiException>(() => client.CreateContainerAsync(parameters, CancellationToken.None));
            Assert.Equal(System.Net.HttpStatusCode.Conflict, inUse.StatusCode);
            Assert.Contains("is already in use", inUse.ResponseBody);
            var missing = await Assert.ThrowsAsync<DockerImageNotFoundException>(() => client.CreateContainerAsync(new CreateContainerParameters { Image = "no-such-image:1" }, CancellationToken.None));
            Assert.Contains("No such image: no-such-image:1", missing.ResponseBody);
        }
        finally
        {
            await client.RemoveContainerAsync(created.ID, force: true, removeVolumes: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Events_stream_in_with_their_fields_over_tcp_and_the_unix_socket_and_since_replays_the_past()
    {
        using var overTcp = new DockerEngineClient(engines[3].Address);
        using var overSocket = new DockerEngineClient("unix://" + engines.SocketPath(3));
        await overTcp.GetSpecsAsync(CancellationToken.None);
        await overSocket.GetSpecsAsync(CancellationToken.None);
        string before = EventTime.Format(DateTimeOffset.UtcNow.AddSeconds(-2));
        using var streaming = new CancellationTokenSource();
        var (live, local) = (new EventCollector(), new EventCollector());
        var monitors = new[] { overTcp.MonitorEventsAsync(before, live, streaming.Token), overSocket.MonitorEventsAsync(before, local, streaming.Token) };

        string name = $"events-{Guid.NewGuid():N}"[..20];
        var created = await overTcp.CreateContainerAsync(new CreateContainerParameters { Name = name, Image = "busybox:latest", Cmd = ["true"] }, CancellationToken.None);
        await overTcp.RemoveContainerAsync(created.ID, force: true, removeVolumes: false, CancellationToken.None);
        Assert.True(await live.Saw(created.ID, ["create", "destroy"]), string.Join(",", live.ActionsOf(created.ID)));
        Assert.True(await local.Saw(created.ID, ["create", "destroy"]), string.Join(",", local.ActionsOf(created.ID)));

        var create = live.Messages.First(m => m.Actor?.ID == created.ID);
        Assert.Equal(("container", "create", "create", created.ID, "busybox:latest", "local"), (create.Type, create.Action, create.Status, create.ID, create.From, create.Scope));
        Assert.Equal((name, "busybox:latest"), (create.Actor.Attributes["name"], create.Actor.Attributes["image"]));
        Assert.Equal(create.Time, create.TimeNano / 1_000_000_000);
        Assert.True(Math.Abs(create.Time - DateTimeOffset.UtcNow.ToUnixTimeSeconds()) < 60, create.Time.ToString());

        // Opened after the fact, a stream from before the container still tells its whole life.
        var replayed = new EventCollector();
        var late = overSocket.MonitorEventsAsync(before, replayed, streaming.Token);
        Assert.True(await replayed.Saw(created.ID, ["create", "destroy"]), string.Join(",", replayed.ActionsOf(created.ID)));
        // From a moment after it, nothing of it.
        var after = new EventCollector();
        var fromLater = overTcp.MonitorEventsAsync(EventTime.Format(create.TimeNano + 1), after, streaming.Token);
        Assert.True(await after.Saw(created.ID, ["destroy"]), string.Join(",", after.ActionsOf(created.ID)));

        streaming.Cancel();
        foreach (var monitor in monitors.Append(late).Append(fromLater))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }
}
