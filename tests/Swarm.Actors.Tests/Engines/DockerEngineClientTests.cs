using Docker.DotNet;
using Swarm.Actors.Tests.Support;
using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Engines;

/// <summary>The real engine client against real dockerd engines: TCP, unix socket, API negotiation, error kinds.</summary>
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
}
