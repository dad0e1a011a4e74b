using Docker.DotNet.Models;
using Swarm.Engines;
using Swarm.Engines.Dockerd;
using Swarm.HollowFarm.Tests.Support;
using Xunit.Abstractions;

namespace Swarm.HollowFarm.Tests;

/// <summary><c>POST /_hollow/fault</c>: an engine of the farm fails as a stopped (refuse) or SIGSTOPped (hang) dockerd would, and recovers.</summary>
public sealed class FaultInjectionTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FarmProcess farm = null!;
    private DockerEngineClient client = null!;

    public async Task InitializeAsync()
    {
        farm = await FarmProcess.OnLoopback(2);
        client = new DockerEngineClient(farm.Addresses[0]);
        await client.GetSpecsAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        output.WriteLine(farm.Log);
        await farm.DisposeAsync();
    }

    [Fact]
    public async Task A_refusing_engine_fails_calls_as_connection_errors_and_cuts_its_event_stream_until_cleared()
    {
        var monitor = client.MonitorEventsAsync(null, new EventCollector(), CancellationToken.None);
        await farm.SetFault(1, "refuse");

        var refused = await Record.ExceptionAsync(() => client.ListContainersAsync(CancellationToken.None));
        Assert.NotNull(refused);
        Assert.True(EngineErrors.IsConnectionError(refused), refused.ToString());
        // Generous: under a loaded machine the cut can take a while to reach the client.
        Assert.Same(monitor, await Task.WhenAny(monitor, Task.Delay(TimeSpan.FromSeconds(20))));
        var cut = await Record.ExceptionAsync(() => monitor);
        Assert.True(cut is null || EngineErrors.IsConnectionError(cut), cut?.ToString());
        Assert.Equal(0, (await DockerCli.Run(farm.Addresses[1], "info")).ExitCode);
        Assert.NotEqual(0, (await DockerCli.Run(farm.Addresses[0], "info")).ExitCode);

        await farm.SetFault(1, "none");
        Assert.Empty(await client.ListContainersAsync(CancellationToken.None));
        await client.CreateContainerAsync(new CreateContainerParameters { Image = "busybox" }, CancellationToken.None);
    }

    [Fact]
    public async Task A_hanging_engine_holds_calls_until_cleared_and_times_out_as_a_connection_error()
    {
        await farm.SetFault(1, "hang");
        using var limited = new TimeLimitedEngineClient(new DockerEngineClient(farm.Addresses[0]), TimeSpan.FromMilliseconds(300));
        var timedOut = await Record.ExceptionAsync(() => limited.PingAsync(CancellationToken.None));
        Assert.IsType<TimeoutException>(timedOut);
        Assert.True(EngineErrors.IsConnectionError(timedOut));

        var held = client.ListContainersAsync(CancellationToken.None);
        await Task.Delay(300);
        Assert.False(held.IsCompleted);
        await farm.SetFault(1, "none");
        Assert.Empty(await held.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task An_unknown_fault_mode_is_refused()
    {
        using var http = new HttpClient();
        var answer = await http.PostAsync($"http://{farm.Addresses[0]}/_hollow/fault?mode=explode", null);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("{\"message\":\"unknown fault mode \\\"explode\\\": expected refuse, hang or none\"}", await answer.Content.ReadAsStringAsync());
    }
}
