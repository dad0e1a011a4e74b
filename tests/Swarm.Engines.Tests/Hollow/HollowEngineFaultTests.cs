using System.Diagnostics;
using Swarm.Engines.Hollow;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public class HollowEngineFaultTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    public static TheoryData<string> Calls => ["specs", "ping", "list", "inspect", "images", "networks", "volumes", "events", "create", "start", "stop", "kill", "restart", "pause", "unpause", "remove"];

    private static Task Call(IEngineClient client, string call, CancellationToken cancellationToken) => call switch
    {
        "specs" => client.GetSpecsAsync(cancellationToken),
        "ping" => client.PingAsync(cancellationToken),
        "list" => client.ListContainersAsync(cancellationToken),
        "inspect" => client.InspectContainerAsync("web", cancellationToken),
        "images" => client.ListImagesAsync(cancellationToken),
        "networks" => client.ListNetworksAsync(cancellationToken),
        "volumes" => client.ListVolumesAsync(cancellationToken),
        "events" => client.MonitorEventsAsync(null, new EventCollector(), cancellationToken),
        "create" => client.CreateContainerAsync(HollowEngines.Params("other"), cancellationToken),
        "start" => client.StartContainerAsync("web", cancellationToken),
        "stop" => client.StopContainerAsync("web", null, cancellationToken),
        "kill" => client.KillContainerAsync("web", "SIGKILL", cancellationToken),
        "restart" => client.RestartContainerAsync("web", null, cancellationToken),
        "pause" => client.PauseContainerAsync("web", cancellationToken),
        "unpause" => client.UnpauseContainerAsync("web", cancellationToken),
        "remove" => client.RemoveContainerAsync("web", true, false, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(call)),
    };

    [Fact]
    public void An_engine_starts_without_a_fault()
    {
        Assert.Equal(HollowFault.None, HollowEngines.Engine().Fault);
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_refusing_engine_fails_every_call_as_a_connection_error(string call)
    {
        var engine = HollowEngines.Engine("10.0.0.9:2375");
        using var client = engine.Connect();
        await client.Run("web");
        engine.Fault = HollowFault.Refuse;

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Call(client, call, None));
        Assert.True(EngineErrors.IsConnectionError(error));
        Assert.Contains("10.0.0.9:2375", error.Message);
        Assert.Contains("onnection refused", error.Message);
    }

    [Fact]
    public async Task A_refusing_engine_changes_nothing()
    {
        var engine = HollowEngines.Engine();
        using var client = engine.Connect();
        string id = await client.Run("web");
        engine.Fault = HollowFault.Refuse;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.RemoveContainerAsync(id, true, false, None));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.Create("other"));
        engine.Fault = HollowFault.None;
        var only = Assert.Single(await client.ListContainersAsync(None));
        Assert.Equal(id, only.ID);
        Assert.Equal("running", only.State);
    }

    [Fact]
    public async Task Refusing_ends_open_event_streams_with_an_io_error()
    {
        var engine = HollowEngines.Engine();
        using var first = engine.Connect();
        using var second = engine.Connect();
        using var stop = new CancellationTokenSource();
        var firstMonitor = await first.StartMonitor(new EventCollector(), stop.Token);
        var secondMonitor = await second.StartMonitor(new EventCollector(), stop.Token);

        engine.Fault = HollowFault.Refuse;
        var error = await Assert.ThrowsAsync<IOException>(() => firstMonitor.WaitAsync(TimeSpan.FromSeconds(1)));
        Assert.True(EngineErrors.IsConnectionError(error));
        await Assert.ThrowsAsync<IOException>(() => secondMonitor.WaitAsync(TimeSpan.FromSeconds(1)));
        stop.Cancel();
    }

    [Fact]
    public async Task An_engine_that_stops_refusing_answers_again()
    {
        var engine = HollowEngines.Engine();
        using var client = engine.Connect();
        engine.Fault = HollowFault.Refuse;
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PingAsync(None));
        engine.Fault = HollowFault.None;
        await client.PingAsync(None);

        using var stop = new CancellationTokenSource();
        var events = new EventCollector();
        await client.StartMonitor(events, stop.Token);
        string id = await client.Create("web");
        Assert.True(await Eventually.Holds(() => events.ActionsOf(id).Count == 1));
        stop.Cancel();
    }

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task A_hung_engine_holds_every_call_until_it_is_cancelled(string call)
    {
        var engine = HollowEngines.Engine();
        using var client = engine.Connect();
        await client.Run("web");
        engine.Fault = HollowFault.Hang;

        using var cancel = new CancellationTokenSource();
        var pending = Call(client, call, cancel.Token);
        await Task.Delay(50);
        Assert.False(pending.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_hung_engine_changes_nothing_for_cancelled_calls()
    {
        var engine = HollowEngines.Engine();
        using var client = engine.Connect();
        string id = await client.Run("web");
        engine.Fault = HollowFault.Hang;
        using var cancel = new CancellationTokenSource(50);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.StopContainerAsync(id, null, cancel.Token));
        engine.Fault = HollowFault.None;
        Assert.Equal("running", (await client.Inspect(id)).State.Status);
    }

    [Fact]
    public async Task Latency_delays_every_call()
    {
        var engine = HollowEngines.Engine(latency: TimeSpan.FromMilliseconds(150));
        using var client = engine.Connect();
        var clock = Stopwatch.StartNew();
        await client.PingAsync(None);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(140), $"ping took {clock.Elapsed.TotalMilliseconds} ms");

        clock.Restart();
        await client.Create("web");
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(140), $"create took {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_slow_call_can_be_cancelled()
    {
        var engine = HollowEngines.Engine(latency: TimeSpan.FromSeconds(30));
        using var client = engine.Connect();
        using var cancel = new CancellationTokenSource(50);
        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PingAsync(cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task Without_latency_calls_answer_at_once()
    {
        using var client = HollowEngines.Engine().Connect();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 20; i++) await client.PingAsync(None);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"20 pings took {clock.Elapsed.TotalMilliseconds} ms");
    }
}
