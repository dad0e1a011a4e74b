using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace Swarm.Actors.Tests.EndToEnd;

/// <summary>
/// Classic's synthetic cluster events in <c>docker events</c> through a manager over hollow engines (simulated, so
/// that one can be made to refuse connections and come back without touching the shared real engines): hollow-3
/// refuses from the start and connects later, hollow-2 goes away and comes back.
/// </summary>
public sealed class ClusterEventsCliTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan EventPatience = TimeSpan.FromSeconds(40);

    // docker events has no sign that its stream is open; this is ample for the CLI to ping and connect.
    private static readonly TimeSpan StreamOpen = TimeSpan.FromSeconds(3);

    private readonly string store = Path.Combine(Path.GetTempPath(), $"swarm-events-{Guid.NewGuid():N}.db");
    private readonly List<EventsProcess> streams = [];
    private FarmProcess farm = null!;
    private ManagerProcess manager = null!;

    public async Task InitializeAsync()
    {
        farm = await FarmProcess.OnLoopback(3);
        await farm.SetFault(3, "refuse");
        manager = await ManagerProcess.StartAsync(farm.Addresses, store);
        await manager.WaitForHealthyNodes(2, TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        foreach (var stream in streams)
        {
            output.WriteLine($"--- docker {string.Join(' ', stream.Arguments)} ---\n{string.Join('\n', stream.Lines)}\n{stream.Error}");
            await stream.DisposeAsync();
        }
        output.WriteLine(manager.Log);
        await manager.DisposeAsync();
        await farm.DisposeAsync();
        foreach (string file in new[] { store, store + "-wal", store + "-shm" }) File.Delete(file);
    }

    [Fact]
    public async Task Engines_connecting_going_away_and_coming_back_show_as_classics_engine_events()
    {
        var all = Stream("events", "--filter", "type=swarm", "--format", "{{json .}}");
        var reconnects = Stream("events", "--filter", "type=swarm", "--filter", "event=engine_reconnect");
        await Task.Delay(StreamOpen);

        // hollow-3 was never reached: its first connection.
        await farm.SetFault(3, "none");
        var connect = await all.WaitFor(line => line.Contains("\"engine_connect\"", StringComparison.Ordinal), EventPatience);
        // hollow-2 refuses connections (a dead dockerd) and is declared unhealthy, then answers again.
        await farm.SetFault(2, "refuse");
        var disconnect = await all.WaitFor(line => line.Contains("\"engine_disconnect\"", StringComparison.Ordinal), EventPatience);
        await farm.SetFault(2, "none");
        var reconnect = await all.WaitFor(line => line.Contains("\"engine_reconnect\"", StringComparison.Ordinal), EventPatience);

        AssertClusterEvent(connect, "engine_connect", 3);
        AssertClusterEvent(disconnect, "engine_disconnect", 2);
        AssertClusterEvent(reconnect, "engine_reconnect", 2);
        Assert.Equal(3, all.Lines.Count);

        // The event filter is the manager's for its own events; the CLI's default format shows the engine.
        string shown = await reconnects.WaitFor(line => line.Contains("engine_reconnect", StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        Assert.Contains(" swarm engine_reconnect ", shown);
        Assert.Contains("node.name=hollow-2", shown);
        Assert.Contains($"node.addr={farm.Addresses[1]}", shown);
        Assert.Single(reconnects.Lines);
    }

    [Fact]
    public async Task Until_ends_the_stream_with_the_cluster_events_before_it()
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(15);
        var events = manager.Docker("events", "--filter", "type=swarm", "--until", until.ToUnixTimeSeconds().ToString(),
            "--format", "{{.Type}} {{.Action}} {{index .Actor.Attributes \"node.name\"}} {{.From}}");
        await Task.Delay(StreamOpen);
        await farm.SetFault(1, "refuse");

        // Hollow engines ignore until: the manager ends the stream itself, a few seconds after it.
        var ended = await events.WaitAsync(TimeSpan.FromSeconds(45));
        Assert.True(ended.ExitCode == 0, ended.ToString());
        Assert.True(DateTimeOffset.UtcNow < until.AddSeconds(20), $"the stream ended only at {DateTimeOffset.UtcNow:O}, until was {until:O}");
        Assert.Equal("swarm engine_disconnect hollow-1 swarm node:hollow-1", ended.Output);
    }

    private void AssertClusterEvent(string line, string action, int engine)
    {
        using var parsed = JsonDocument.Parse(line);
        var message = parsed.RootElement;
        string name = $"hollow-{engine}", address = farm.Addresses[engine - 1];
        Assert.Equal(action, message.GetProperty("status").GetString());
        Assert.Equal(action, message.GetProperty("Action").GetString());
        Assert.Equal("swarm", message.GetProperty("Type").GetString());
        Assert.Equal($"swarm node:{name}", message.GetProperty("from").GetString());
        Assert.InRange(DateTimeOffset.FromUnixTimeSeconds(message.GetProperty("time").GetInt64()), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
        var attributes = message.GetProperty("Actor").GetProperty("Attributes");
        Assert.Equal(name, attributes.GetProperty("node.name").GetString());
        Assert.Equal(address, attributes.GetProperty("node.addr").GetString());
        Assert.Equal("127.0.0.1", attributes.GetProperty("node.ip").GetString());
        Assert.EndsWith("|" + address, attributes.GetProperty("node.id").GetString());
        Assert.Equal(attributes.GetProperty("node.id").GetString(), message.GetProperty("Actor").GetProperty("ID").GetString());
    }

    private EventsProcess Stream(params string[] arguments)
    {
        var stream = new EventsProcess($"tcp://127.0.0.1:{manager.Port}", arguments);
        streams.Add(stream);
        return stream;
    }

    /// <summary>A <c>docker events</c> left running, its lines read as they come; killed by its PID.</summary>
    private sealed class EventsProcess : IAsyncDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = [];
        private readonly StringWriter error = new();

        public EventsProcess(string host, string[] arguments)
        {
            Arguments = arguments;
            var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in (string[])["-H", host, .. arguments]) start.ArgumentList.Add(argument);
            start.Environment.Remove("DOCKER_HOST");
            process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) =>
            {
                if (string.IsNullOrEmpty(e.Data)) return;
                lock (lines) lines.Add(e.Data);
            };
            process.ErrorDataReceived += (_, e) => { lock (error) error.WriteLine(e.Data); };
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string[] Arguments { get; }

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (lines) return [.. lines];
            }
        }

        public string Error
        {
            get
            {
                lock (error) return error.ToString();
            }
        }

        public async Task<string> WaitFor(Func<string, bool> wanted, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            while (DateTime.UtcNow < deadline)
            {
                if (Lines.FirstOrDefault(wanted) is { } line) return line;
                if (process.HasExited) break;
                await Task.Delay(100);
            }
            throw new Xunit.Sdk.XunitException($"no such event in {patience.TotalSeconds}s; got:\n{string.Join('\n', Lines)}\n{Error}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}
