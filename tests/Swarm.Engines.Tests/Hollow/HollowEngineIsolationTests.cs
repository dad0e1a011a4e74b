using Docker.DotNet.Models;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

/// <summary>A client reaches the simulated engine "over a connection": what it gets back and what it sent are copies.</summary>
public class HollowEngineIsolationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    [Fact]
    public async Task An_inspect_answer_does_not_change_afterwards()
    {
        string id = await client.Create("web");
        var before = await client.Inspect(id);
        await client.StartContainerAsync(id, None);
        await client.PauseContainerAsync(id, None);
        Assert.Equal("created", before.State.Status);
        Assert.False(before.State.Paused);
    }

    [Fact]
    public async Task Create_neither_changes_nor_keeps_the_callers_parameters()
    {
        var parameters = new CreateContainerParameters { Name = "web", Image = "busybox", HostConfig = new HostConfig { Memory = 1000 } };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        Assert.True(string.IsNullOrEmpty(parameters.HostConfig.NetworkMode));
        parameters.HostConfig.Memory = 5;
        Assert.Equal(1000, (await client.Inspect(id)).HostConfig.Memory);
    }
}
