using System.Diagnostics;
using Docker.DotNet;
using Swarm.Engines.Hollow;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests;

public class TimeLimitedEngineClientTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static (HollowEngine Engine, TimeLimitedEngineClient Client) Limited(TimeSpan timeout, TimeSpan latency = default)
    {
        var engine = HollowEngines.Engine("10.0.0.5:2375", latency: latency);
        return (engine, new TimeLimitedEngineClient(engine.Connect(), timeout));
    }

    [Fact]
    public async Task A_call_to_a_hung_engine_times_out_after_the_limit()
    {
        var (engine, client) = Limited(TimeSpan.FromMilliseconds(200));
        engine.Fault = HollowFault.Hang;
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.PingAsync(None));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(180), TimeSpan.FromSeconds(2));
        Assert.Contains("10.0.0.5:2375", error.Message);
    }

    [Fact]
    public async Task A_time_out_counts_as_a_connection_error()
    {
        var (engine, client) = Limited(TimeSpan.FromMilliseconds(50));
        engine.Fault = HollowFault.Hang;
        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ListContainersAsync(None));
        Assert.True(EngineErrors.IsConnectionError(error));
    }

    [Fact]
    public async Task A_slow_engine_times_out_too()
    {
        var (_, client) = Limited(TimeSpan.FromMilliseconds(50), latency: TimeSpan.FromSeconds(30));
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetSpecsAsync(None).WaitAsync(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task Caller_cancellation_stays_a_cancellation()
    {
        var (engine, client) = Limited(TimeSpan.FromSeconds(30));
        engine.Fault = HollowFault.Hang;
        using var cancel = new CancellationTokenSource(100);
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.InspectContainerAsync("web", cancel.Token));
        Assert.IsNotType<TimeoutException>(error);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_already_cancelled_call_is_a_cancellation_not_a_time_out()
    {
        var (engine, client) = Limited(TimeSpan.FromSeconds(30));
        engine.Fault = HollowFault.Hang;
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PingAsync(cancel.Token));
    }

    [Fact]
    public async Task Results_pass_through_from_a_healthy_engine()
    {
        var (engine, client) = Limited(TimeSpan.FromSeconds(5));
        var specs = await client.GetSpecsAsync(None);
        Assert.Equal(engine.DockerId, specs.DockerId);
        Assert.Equal("10.0.0.5:2375", client.Address);

        string id = (await client.CreateContainerAsync(HollowEngines.Params("web"), None)).ID;
        await client.StartContainerAsync(id, None);
        await client.PauseContainerAsync(id, None);
        await client.UnpauseContainerAsync(id, None);
        await client.RestartContainerAsync(id, 0, None);
        await client.KillContainerAsync(id, "SIGKILL", None);
        Assert.Equal(137, (await client.InspectContainerAsync("web", None)).State.ExitCode);
        await client.StartContainerAsync(id, None);
        await client.StopContainerAsync(id, 0, None);
        Assert.Equal("exited", (await client.InspectContainerAsync("web", None)).State.Status);
        Assert.Equal(id, Assert.Single(await client.ListContainersAsync(None)).ID);
        Assert.NotEmpty(await client.ListImagesAsync(None));
        Assert.NotEmpty(await client.ListNetworksAsync(None));
        Assert.Empty(await client.ListVolumesAsync(None));
        await client.PingAsync(None);
        await client.RemoveContainerAsync(id, false, false, None);
        Assert.Empty(await client.ListContainersAsync(None));
    }

    [Fact]
    public async Task Engine_errors_pass_through_unchanged()
    {
        var (_, client) = Limited(TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => client.InspectContainerAsync("nope", None));
        Assert.False(EngineErrors.IsConnectionError(error));
    }

    [Fact]
    public async Task Refused_connections_pass_through_unchanged()
    {
        var (engine, client) = Limited(TimeSpan.FromSeconds(5));
        engine.Fault = HollowFault.Refuse;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PingAsync(None));
    }

    [Fact]
    public async Task Stop_gets_the_grace_period_on_top_of_the_limit()
    {
        var (engine, client) = Limited(TimeSpan.FromMilliseconds(100));
        engine.Fault = HollowFault.Hang;
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<TimeoutException>(() => client.StopContainerAsync("web", 1, None));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1050), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task The_event_stream_is_not_time_limited()
    {
        var (_, client) = Limited(TimeSpan.FromMilliseconds(50));
        using var stop = new CancellationTokenSource();
        var events = new EventCollector();
        var monitor = await client.StartMonitor(events, stop.Token);
        await Task.Delay(200);
        Assert.False(monitor.IsCompleted);
        string id = (await client.CreateContainerAsync(HollowEngines.Params("web"), None)).ID;
        Assert.True(await Eventually.Holds(() => events.ActionsOf(id).Count == 1));
        stop.Cancel();
    }

    [Fact]
    public async Task Disposing_disposes_the_inner_client()
    {
        var (_, client) = Limited(TimeSpan.FromSeconds(5));
        var monitor = await client.StartMonitor(new EventCollector(), None);
        client.Dispose();
        Assert.True(await Eventually.Holds(() => monitor.IsCompleted));
    }
}
