using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Hollow;

public sealed class HollowEngineEventsTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly CancellationTokenSource stop = new();
    private readonly EventCollector events = new();
    private readonly IEngineClient client = HollowEngines.Engine().Connect();

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        client.Dispose();
    }

    private async Task<IReadOnlyList<string>> ActionsOnceSettled(string id, int count)
    {
        Assert.True(await Eventually.Holds(() => events.ActionsOf(id).Count >= count), $"saw only [{string.Join(", ", events.ActionsOf(id))}]");
        await Task.Delay(20);
        return events.ActionsOf(id);
    }

    [Fact]
    public async Task Create_start_stop_and_remove_are_reported_in_dockerd_order()
    {
        await client.StartMonitor(events, stop.Token);
        string id = await client.Run("web");
        await client.StopContainerAsync(id, null, None);
        await client.RemoveContainerAsync(id, false, false, None);
        Assert.Equal(["create", "start", "kill", "die", "stop", "destroy"], await ActionsOnceSettled(id, 6));
    }

    [Fact]
    public async Task Kill_reports_kill_and_die_with_exit_code_137()
    {
        await client.StartMonitor(events, stop.Token);
        string id = await client.Run("web");
        await client.KillContainerAsync(id, "SIGKILL", None);
        Assert.Equal(["create", "start", "kill", "die"], await ActionsOnceSettled(id, 4));
        Assert.Equal("137", events.Messages.Single(m => m.Actor.ID == id && m.Action == "die").Actor.Attributes["exitCode"]);
    }

    [Fact]
    public async Task Pause_unpause_and_restart_are_reported()
    {
        await client.StartMonitor(events, stop.Token);
        string id = await client.Run("web");
        await client.PauseContainerAsync(id, None);
        await client.UnpauseContainerAsync(id, None);
        await client.RestartContainerAsync(id, null, None);
        var actions = await ActionsOnceSettled(id, 7);
        Assert.Equal(["create", "start", "pause", "unpause"], actions.Take(4));
        Assert.Contains("die", actions.Skip(4));
        Assert.Equal(["start", "restart"], actions.TakeLast(2));
    }

    [Fact]
    public async Task Forced_removal_of_a_running_container_reports_its_death_first()
    {
        await client.StartMonitor(events, stop.Token);
        string id = await client.Run("web");
        await client.RemoveContainerAsync(id, true, false, None);
        Assert.Equal(["create", "start", "kill", "die", "destroy"], await ActionsOnceSettled(id, 5));
    }

    [Fact]
    public async Task Events_name_the_container_and_its_image()
    {
        await client.StartMonitor(events, stop.Token);
        var parameters = HollowEngines.Params("web", "nginx:1.25");
        parameters.Labels = new Dictionary<string, string> { ["tier"] = "front" };
        string id = (await client.CreateContainerAsync(parameters, None)).ID;
        await ActionsOnceSettled(id, 1);

        var created = events.Messages.Single(m => m.Actor?.ID == id);
        Assert.Equal("container", created.Type);
        Assert.Equal("create", created.Action);
        Assert.Equal("create", created.Status);
        Assert.Equal(id, created.ID);
        Assert.Equal("nginx:1.25", created.From);
        Assert.Equal("local", created.Scope);
        Assert.Equal("web", created.Actor.Attributes["name"]);
        Assert.Equal("nginx:1.25", created.Actor.Attributes["image"]);
        Assert.Equal("front", created.Actor.Attributes["tier"]);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(created.Time, now - 60, now + 1);
        Assert.Equal(created.Time, created.TimeNano / 1_000_000_000);
    }

    [Fact]
    public async Task Failed_calls_report_nothing()
    {
        await client.StartMonitor(events, stop.Token);
        string id = await client.Create("web");
        await Assert.ThrowsAnyAsync<Docker.DotNet.DockerApiException>(() => client.Create("web"));
        await Assert.ThrowsAnyAsync<Docker.DotNet.DockerApiException>(() => client.KillContainerAsync(id, "SIGKILL", None));
        await Task.Delay(50);
        Assert.Equal(["create"], events.ActionsOf(id));
        Assert.DoesNotContain(events.Messages, m => m.Actor.Attributes["name"] == "web" && m.Actor.ID != id);
    }

    [Fact]
    public async Task Every_open_stream_gets_every_event()
    {
        var engine = HollowEngines.Engine();
        using var first = engine.Connect();
        using var second = engine.Connect();
        var firstEvents = new EventCollector();
        var secondEvents = new EventCollector();
        await first.StartMonitor(firstEvents, stop.Token);
        await second.StartMonitor(secondEvents, stop.Token);

        string id = await first.Create("web");
        Assert.True(await Eventually.Holds(() => firstEvents.ActionsOf(id).Count == 1 && secondEvents.ActionsOf(id).Count == 1));
    }

    [Fact]
    public async Task Cancelling_the_monitor_ends_the_stream()
    {
        using var cancel = new CancellationTokenSource();
        var monitor = await client.StartMonitor(events, cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(TimeSpan.FromSeconds(1)));
        string id = await client.Create("web");
        await Task.Delay(50);
        Assert.Empty(events.ActionsOf(id));
    }

    [Fact]
    public async Task Disposing_a_client_ends_only_its_own_stream()
    {
        var engine = HollowEngines.Engine();
        var leaving = engine.Connect();
        using var staying = engine.Connect();
        var leavingEvents = new EventCollector();
        var stayingEvents = new EventCollector();
        var leavingMonitor = await leaving.StartMonitor(leavingEvents, stop.Token);
        var stayingMonitor = await staying.StartMonitor(stayingEvents, stop.Token);

        leaving.Dispose();
        Assert.True(await Eventually.Holds(() => leavingMonitor.IsCompleted), "the disposed client's stream is still open");
        Assert.False(stayingMonitor.IsCompleted);
        Assert.IsNotType<IOException>(leavingMonitor.Exception?.GetBaseException());

        string id = await staying.Create("web");
        Assert.True(await Eventually.Holds(() => stayingEvents.ActionsOf(id).Count == 1));
        Assert.Empty(leavingEvents.ActionsOf(id));
        Assert.False(stayingMonitor.IsCompleted);
    }

    [Fact]
    public async Task A_stream_opened_on_a_disposed_client_ends_at_once()
    {
        var engine = HollowEngines.Engine();
        var disposed = engine.Connect();
        disposed.Dispose();
        var monitor = Task.Run(() => disposed.MonitorEventsAsync(null, events, None));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(TimeSpan.FromSeconds(1)));
    }
}
