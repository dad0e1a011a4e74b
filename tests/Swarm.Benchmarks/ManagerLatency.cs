using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// The manager's latency overhead as a user sees it (issue #5): <c>docker run -d busybox sleep 600</c> and
/// <c>docker ps -a</c> through one <c>swarm manage</c> (default settings, SQLite store) over three real engines,
/// against the same calls made directly on node-1. Manager and direct calls alternate (which goes first alternates
/// too) so that load drifts on a shared machine hit both alike. Measured twice: with the real docker CLI, a process
/// per call as typed, and over HTTP with a kept-alive HttpClient, where the CLI's own start-up no longer hides the
/// manager's share. Every container made carries the run's label and is removed from each engine directly at the end.
/// Last, a second manager reaches the engines through timing relays, which splits each create, wait and start into the
/// manager's time before the engine call, the engine's, and the manager's after it: the overhead without the engines' noise.
/// </summary>
public static class ManagerLatency
{
    private const string RunLabel = "swarm.bench.latency";

    // The API version docker 28.2 settles on with both (the engines' docker.io and the manager): the paths it calls.
    private const string ApiPrefix = "/v1.41";
    private const int WarmUp = 3;
    private const double Goal = 10.0;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private sealed record Row(string Operation, string Path, string Listed, List<double> Milliseconds);

    private sealed class Target(string name, string address) : IDisposable
    {
        public string Name { get; } = name;
        public string Host { get; } = "tcp://" + address;
        public HttpClient Http { get; } = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri("http://" + address),
            Timeout = TimeSpan.FromSeconds(120),
        };

        public void Dispose() => Http.Dispose();
    }

    public static async Task Run(int iterations)
    {
        iterations = Math.Max(iterations, 1);
        string run = Guid.NewGuid().ToString("N")[..8];
        Console.WriteLine($"Manager latency: 1 swarm manage (default settings, SQLite store) over 3 real engines vs node-1 directly, {iterations} iterations per row, {WarmUp} warm-up calls not counted");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}, load average {LoadAverage()} at start");
        Console.WriteLine();

        string storeDir = Path.Combine(Path.GetTempPath(), $"swarm-bench-latency-{run}");
        Directory.CreateDirectory(storeDir);
        var rows = new List<Row>();
        ManagerProcess? manager = null, timed = null;
        EngineScript? engines = null;
        List<TimingRelay> relays = [];
        List<TimedCall> breakdown = [];
        try
        {
            engines = new EngineScript(3);
            manager = await ManagerProcess.StartAsync(engines.Addresses, Path.Combine(storeDir, "swarm.db"), fastEngineRefresh: false);
            await manager.WaitForHealthyNodes(3, Patience);
            using var viaManager = new Target("manager", $"127.0.0.1:{manager.Port}");
            using var direct = new Target("engine", engines.Address(1));
            int made = 0;

            // docker run -d: the CLI, then over HTTP the three calls it makes (create; wait?condition=next-exit, whose headers
            // it awaits before starting; start), each timed too.
            var cliRun = await Interleaved(iterations, viaManager, direct, async target =>
            {
                string name = $"lat-{run}-{target.Name[0]}c{made++}";
                var clock = Stopwatch.StartNew();
                var result = await DockerCli.Run(target.Host, "run", "-d", "--name", name, "--label", $"{RunLabel}={run}", "busybox", "sleep", "600");
                double ms = clock.Elapsed.TotalMilliseconds;
                if (result.ExitCode != 0) throw new InvalidOperationException($"docker run via {target.Name} failed: {result}");
                return [ms];
            });
            const string cliRunName = "`docker run -d busybox sleep 600` (CLI)";
            rows.Add(new Row(cliRunName, "manager", "-", cliRun.Manager[0]));
            rows.Add(new Row(cliRunName, "engine", "-", cliRun.Engine[0]));

            var httpRun = await Interleaved(iterations, viaManager, direct, async target =>
            {
                string name = $"lat-{run}-{target.Name[0]}h{made++}";
                var clock = Stopwatch.StartNew();
                string id = await Create(target, name, run);
                double created = clock.Elapsed.TotalMilliseconds;
                using var waiting = await Wait(target, id);
                double waited = clock.Elapsed.TotalMilliseconds;
                await Start(target, id);
                double total = clock.Elapsed.TotalMilliseconds;
                return [total, created, waited - created, total - waited];
            });
            string[] parts = ["create + wait + start (HTTP)", "  of which POST /containers/create", "  of which POST /containers/{id}/wait?condition=next-exit (headers)", "  of which POST /containers/{id}/start"];
            for (int part = 0; part < parts.Length; part++)
            {
                rows.Add(new Row(parts[part], "manager", "-", httpRun.Manager[part]));
                rows.Add(new Row(parts[part], "engine", "-", httpRun.Engine[part]));
            }

            // docker ps -a as the runs left the cluster: the manager lists all three engines' containers, node-1 only its own.
            int expected = await CountOn(engines, [1, 2, 3], run);
            await WaitForListing(viaManager, expected, manager);
            rows.AddRange(await ListingRows(iterations, viaManager, direct, "all 3 engines'"));

            // The same containers on both paths: node-2's and node-3's removed on their engines, so the cluster holds node-1's only.
            await RemoveOn(engines, [2, 3], run);
            await WaitForListing(viaManager, await CountOn(engines, [1], run), manager);
            rows.AddRange(await ListingRows(iterations, viaManager, direct, "node-1's only"));

            // Where the manager's time goes: a second manager (this one stopped first) reaches the engines through timing relays.
            await RemoveOn(engines, [1, 2, 3], run);
            await manager.DisposeAsync();
            relays = [.. engines.Addresses.Select(address => new TimingRelay(address))];
            timed = await ManagerProcess.StartAsync(relays.Select(r => r.Address), Path.Combine(storeDir, "timed.db"), fastEngineRefresh: false);
            await timed.WaitForHealthyNodes(3, Patience);
            breakdown = await Breakdown(iterations, timed, relays, run);
        }
        finally
        {
            if (engines is not null)
            {
                try
                {
                    await RemoveOn(engines, [1, 2, 3], run);
                }
                catch (InvalidOperationException error)
                {
                    Console.Error.WriteLine($"cleaning up: {error.Message}");
                }
            }
            string? logs = Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS");
            foreach (var (process, file) in new[] { (manager, "latency-manager.log"), (timed, "latency-timed-manager.log") })
            {
                if (process is null) continue;
                if (logs is { Length: > 0 }) File.WriteAllText(Path.Combine(logs, file), process.Log);
                await process.DisposeAsync();
            }
            foreach (var relay in relays) await relay.DisposeAsync();
            engines?.Dispose();
            Directory.Delete(storeDir, recursive: true);
        }

        Print(rows);
        Console.WriteLine();
        PrintBreakdown(breakdown);
        Console.WriteLine();
        Console.WriteLine($"Load average {LoadAverage()} at the end.");
    }

    /// <summary>One call through the manager and the engine call it made: Stopwatch timestamps.</summary>
    private sealed record TimedCall(int Iteration, string Kind, long SentAt, long AnsweredAt, long EngineAsked, long EngineAnswered)
    {
        public double Before => Ms(EngineAsked - SentAt);
        public double Engine => Ms(EngineAnswered - EngineAsked);
        public double After => Ms(AnsweredAt - EngineAnswered);
        public double Share => Before + After;

        private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
    }

    // create, wait and start through the manager whose engine connections pass the relays; each matched with its engine call.
    private static async Task<List<TimedCall>> Breakdown(int iterations, ManagerProcess timed, List<TimingRelay> relays, string run)
    {
        using var target = new Target("timed", $"127.0.0.1:{timed.Port}");
        var calls = new List<(int Iteration, string Kind, long SentAt, long AnsweredAt)>();
        for (int i = -WarmUp; i < iterations; i++)
        {
            long sent = Stopwatch.GetTimestamp();
            string id = await Create(target, $"lat-{run}-t{i + WarmUp}", run);
            long created = Stopwatch.GetTimestamp();
            using var waiting = await Wait(target, id);
            long waited = Stopwatch.GetTimestamp();
            await Start(target, id);
            long started = Stopwatch.GetTimestamp();
            if (i < 0) continue;
            calls.Add((i, "create", sent, created));
            calls.Add((i, "wait", created, waited));
            calls.Add((i, "start", waited, started));
        }
        var exchanges = relays.SelectMany(r => r.Exchanges()).ToList();
        var matched = new List<TimedCall>();
        foreach (var call in calls)
        {
            var engineCall = exchanges
                .Where(e => e.Kind == call.Kind && e.RequestAt >= call.SentAt && e.ResponseAt > e.RequestAt && e.ResponseAt <= call.AnsweredAt)
                .OrderBy(e => e.RequestAt)
                .FirstOrDefault();
            if (engineCall is not null) matched.Add(new TimedCall(call.Iteration, call.Kind, call.SentAt, call.AnsweredAt, engineCall.RequestAt, engineCall.ResponseAt));
        }
        return matched;
    }

    private static void PrintBreakdown(List<TimedCall> calls)
    {
        Console.WriteLine("Where the manager's time goes: the same create, wait and start over HTTP through a second manager (same settings, fresh store,");
        Console.WriteLine("the first one stopped) whose connections to the engines pass through timing relays in this process. Per call: the manager's");
        Console.WriteLine("time before it asked the engine, the engine's answer, and the manager's time after it; its share is the two manager parts");
        Console.WriteLine("(an upper bound: the relays' own forwarding counts in it).");
        Console.WriteLine();
        Console.WriteLine("| call | calls matched | manager before engine p50 ms | engine p50 ms | manager after engine p50 ms | manager's share p50 ms | p90 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (string kind in new[] { "create", "wait", "start" })
        {
            var of = calls.Where(c => c.Kind == kind).ToList();
            if (of.Count == 0) continue;
            var share = of.Select(c => c.Share).ToList();
            Console.WriteLine($"| {kind} | {of.Count} | {Ms(Percentile([.. of.Select(c => c.Before)], 50))} | {Ms(Percentile([.. of.Select(c => c.Engine)], 50))} | {Ms(Percentile([.. of.Select(c => c.After)], 50))} | {Ms(Percentile(share, 50))} | {Ms(Percentile(share, 90))} |");
        }
        var whole = calls.GroupBy(c => c.Iteration).Where(g => g.Count() == 3).Select(g => (Share: g.Sum(c => c.Share), Engine: g.Sum(c => c.Engine))).ToList();
        if (whole.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"Per create + wait + start ({whole.Count} complete): the manager's share p50 {Ms(Percentile([.. whole.Select(w => w.Share)], 50))} ms, " +
            $"{Percentile([.. whole.Select(w => w.Share / w.Engine * 100)], 50).ToString("F1", CultureInfo.InvariantCulture)}% of the engine's own time for the same calls (p50 of the per-run ratio).");
        Console.WriteLine("Before create: the container actor, the scheduler's placement and its journal write (SQLite), the engine actor; after create:");
        Console.WriteLine("the creation's journal write. Wait: finding the container's engine (every engine actor's snapshot), then proxying. Before");
        Console.WriteLine("start: the same lookup and the container actor; after start: the desired state's journal write.");
    }

    /// <summary>
    /// A TCP relay in front of one engine that notes when each HTTP request starts and when its answer's status line
    /// comes back (HTTP/1.1 without pipelining: answers come in request order on a connection).
    /// </summary>
    private sealed class TimingRelay : IAsyncDisposable
    {
        public sealed class Exchange(string kind, long requestAt)
        {
            public string Kind { get; } = kind;
            public long RequestAt { get; } = requestAt;
            public long ResponseAt { get; set; }
        }

        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly IPEndPoint engine;
        private readonly CancellationTokenSource stop = new();
        private readonly List<Exchange> exchanges = [];
        private readonly List<TcpClient> connections = [];
        private readonly Task accepting;

        public TimingRelay(string engineAddress)
        {
            engine = IPEndPoint.Parse(engineAddress);
            listener.Start();
            accepting = Accept();
        }

        public string Address => $"127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public List<Exchange> Exchanges()
        {
            lock (exchanges) return [.. exchanges.Where(e => e.ResponseAt > 0)];
        }

        private async Task Accept()
        {
            try
            {
                while (true) _ = Relay(await listener.AcceptTcpClientAsync(stop.Token));
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }

        private async Task Relay(TcpClient client)
        {
            var upstream = new TcpClient { NoDelay = true };
            client.NoDelay = true;
            lock (connections) connections.AddRange([client, upstream]);
            var pending = new Queue<Exchange>();
            try
            {
                await upstream.ConnectAsync(engine, stop.Token);
                var requests = Pump(client, upstream, chunk =>
                {
                    if (RequestKind(chunk) is not { } kind) return;
                    var exchange = new Exchange(kind, Stopwatch.GetTimestamp());
                    lock (pending) pending.Enqueue(exchange);
                    lock (exchanges) exchanges.Add(exchange);
                });
                var answers = Pump(upstream, client, chunk =>
                {
                    if (!chunk.StartsWith("HTTP/1.", StringComparison.Ordinal)) return;
                    long at = Stopwatch.GetTimestamp();
                    Exchange? answered;
                    lock (pending) pending.TryDequeue(out answered);
                    if (answered is not null) lock (exchanges) answered.ResponseAt = at;
                });
                await Task.WhenAll(requests, answers);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Either side went away.
            }
            finally
            {
                client.Dispose();
                upstream.Dispose();
                lock (connections) connections.RemoveAll(c => c == client || c == upstream);
            }
        }

        // Copies one direction until it ends, showing the start of each read to note; then ends the other side's writing.
        private async Task Pump(TcpClient from, TcpClient to, Action<string> note)
        {
            var buffer = new byte[64 * 1024];
            var input = from.GetStream();
            var output = to.GetStream();
            try
            {
                int read;
                while ((read = await input.ReadAsync(buffer, stop.Token)) > 0)
                {
                    note(Encoding.ASCII.GetString(buffer, 0, Math.Min(read, 256)));
                    await output.WriteAsync(buffer.AsMemory(0, read), stop.Token);
                }
                to.Client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // Reset: let the other direction end too.
                from.Dispose();
                to.Dispose();
            }
        }

        // Null unless the read starts a request; the calls the breakdown looks for are POST …/containers/create,
        // …/containers/{id}/wait and …/containers/{id}/start, every other request is noted as "other" to keep the order.
        private static string? RequestKind(string chunk)
        {
            string[] line = chunk.Split('\n', 2)[0].Split(' ');
            if (line.Length < 3 || !line[2].StartsWith("HTTP/1.", StringComparison.Ordinal)) return null;
            string path = line[1].Split('?')[0];
            return line[0] != "POST" ? "other"
                : path.EndsWith("/containers/create", StringComparison.Ordinal) ? "create"
                : path.EndsWith("/wait", StringComparison.Ordinal) ? "wait"
                : path.EndsWith("/start", StringComparison.Ordinal) ? "start"
                : "other";
        }

        public async ValueTask DisposeAsync()
        {
            stop.Cancel();
            listener.Stop();
            lock (connections)
            {
                foreach (var connection in connections) connection.Dispose();
            }
            await accepting;
            stop.Dispose();
        }
    }

    // Each row's listing twice: the CLI, then GET /containers/json?all=1.
    private static async Task<Row[]> ListingRows(int iterations, Target viaManager, Target direct, string cluster)
    {
        int managerCount = await Count(viaManager), engineCount = await Count(direct);
        var cli = await Interleaved(iterations, viaManager, direct, async target =>
        {
            var clock = Stopwatch.StartNew();
            var result = await DockerCli.Run(target.Host, "ps", "-a");
            double ms = clock.Elapsed.TotalMilliseconds;
            if (result.ExitCode != 0) throw new InvalidOperationException($"docker ps -a via {target.Name} failed: {result}");
            return [ms];
        });
        var http = await Interleaved(iterations, viaManager, direct, async target =>
        {
            var clock = Stopwatch.StartNew();
            using var response = await target.Http.GetAsync(ApiPrefix + "/containers/json?all=1");
            await response.Content.ReadAsByteArrayAsync();
            double ms = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET /containers/json via {target.Name}: {(int)response.StatusCode}");
            return [ms];
        });
        string operation = $"`docker ps -a` (CLI), cluster holds {cluster}";
        string get = $"GET /containers/json?all=1 (HTTP), cluster holds {cluster}";
        return
        [
            new Row(operation, "manager", managerCount.ToString(CultureInfo.InvariantCulture), cli.Manager[0]),
            new Row(operation, "engine", engineCount.ToString(CultureInfo.InvariantCulture), cli.Engine[0]),
            new Row(get, "manager", managerCount.ToString(CultureInfo.InvariantCulture), http.Manager[0]),
            new Row(get, "engine", engineCount.ToString(CultureInfo.InvariantCulture), http.Engine[0]),
        ];
    }

    /// <summary>
    /// Warm-up calls, then <paramref name="iterations"/> pairs: manager and engine, the manager first in even
    /// iterations and second in odd ones. A call returns one or more timings (a total and its parts).
    /// </summary>
    private static async Task<(List<double>[] Manager, List<double>[] Engine)> Interleaved(int iterations, Target viaManager, Target direct,
        Func<Target, Task<double[]>> call)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            await call(viaManager);
            await call(direct);
        }
        var timings = new Dictionary<Target, List<double>[]>();
        for (int i = 0; i < iterations; i++)
        {
            foreach (var target in i % 2 == 0 ? [viaManager, direct] : new[] { direct, viaManager })
            {
                double[] times = await call(target);
                if (!timings.TryGetValue(target, out var parts)) timings[target] = parts = [.. times.Select(_ => new List<double>())];
                for (int part = 0; part < times.Length; part++) parts[part].Add(times[part]);
            }
        }
        return (timings.GetValueOrDefault(viaManager) ?? [[]], timings.GetValueOrDefault(direct) ?? [[]]);
    }

    // The body docker 28.2's `docker run -d --label swarm.bench.latency=… busybox sleep 600` sends (API 1.41), so that
    // the engine does the same work on both paths as it does for the CLI.
    private const string CliCreateBody = """
        {"Hostname":"","Domainname":"","User":"","AttachStdin":false,"AttachStdout":false,"AttachStderr":false,"Tty":false,"OpenStdin":false,"StdinOnce":false,"Env":null,"Cmd":["sleep","600"],"Image":"busybox","Volumes":{},"WorkingDir":"","Entrypoint":null,"OnBuild":null,"Labels":{"swarm.bench.latency":"RUN"},"HostConfig":{"Binds":null,"ContainerIDFile":"","LogConfig":{"Type":"","Config":{}},"NetworkMode":"default","PortBindings":{},"RestartPolicy":{"Name":"no","MaximumRetryCount":0},"AutoRemove":false,"VolumeDriver":"","VolumesFrom":null,"ConsoleSize":[0,0],"CapAdd":null,"CapDrop":null,"CgroupnsMode":"","Dns":[],"DnsOptions":[],"DnsSearch":[],"ExtraHosts":null,"GroupAdd":null,"IpcMode":"","Cgroup":"","Links":null,"OomScoreAdj":0,"PidMode":"","Privileged":false,"PublishAllPorts":false,"ReadonlyRootfs":false,"SecurityOpt":null,"UTSMode":"","UsernsMode":"","ShmSize":0,"Isolation":"","CpuShares":0,"Memory":0,"NanoCpus":0,"CgroupParent":"","BlkioWeight":0,"BlkioWeightDevice":[],"BlkioDeviceReadBps":[],"BlkioDeviceWriteBps":[],"BlkioDeviceReadIOps":[],"BlkioDeviceWriteIOps":[],"CpuPeriod":0,"CpuQuota":0,"CpuRealtimePeriod":0,"CpuRealtimeRuntime":0,"CpusetCpus":"","CpusetMems":"","Devices":[],"DeviceCgroupRules":null,"DeviceRequests":null,"MemoryReservation":0,"MemorySwap":0,"MemorySwappiness":-1,"OomKillDisable":false,"PidsLimit":0,"Ulimits":[],"CpuCount":0,"CpuPercent":0,"IOMaximumIOps":0,"IOMaximumBandwidth":0,"MaskedPaths":null,"ReadonlyPaths":null},"NetworkingConfig":{"EndpointsConfig":{"default":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"","DriverOpts":null,"GwPriority":0,"NetworkID":"","EndpointID":"","Gateway":"","IPAddress":"","IPPrefixLen":0,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
        """;

    private static async Task<string> Create(Target target, string name, string run)
    {
        string body = CliCreateBody.Replace("\"RUN\"", JsonSerializer.Serialize(run), StringComparison.Ordinal);
        using var response = await target.Http.PostAsync(ApiPrefix + $"/containers/create?name={name}", new StringContent(body, Encoding.UTF8, "application/json"));
        string answer = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"create via {target.Name}: {(int)response.StatusCode} {answer}");
        using var created = JsonDocument.Parse(answer);
        return created.RootElement.GetProperty("Id").GetString()!;
    }

    // As the CLI does before it starts the container: the answer's headers come at once, its body when the container exits.
    private static async Task<HttpResponseMessage> Wait(Target target, string id)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiPrefix + $"/containers/{id}/wait?condition=next-exit");
        var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            string answer = await response.Content.ReadAsStringAsync();
            response.Dispose();
            throw new InvalidOperationException($"wait via {target.Name}: {(int)response.StatusCode} {answer}");
        }
        return response;
    }

    private static async Task Start(Target target, string id)
    {
        using var response = await target.Http.PostAsync(ApiPrefix + $"/containers/{id}/start", null);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"start via {target.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<int> Count(Target target)
    {
        using var listing = JsonDocument.Parse(await target.Http.GetStringAsync(ApiPrefix + "/containers/json?all=1"));
        return listing.RootElement.GetArrayLength();
    }

    // The manager lists from its engine actors' views, which follow the engines' events: wait until they caught up.
    private static async Task WaitForListing(Target viaManager, int expected, ManagerProcess manager)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await Count(viaManager) != expected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the manager did not list {expected} containers in {Patience.TotalSeconds} s\n{string.Join('\n', manager.Log.Split('\n').TakeLast(40))}");
            await Task.Delay(200);
        }
    }

    private static async Task<List<string>> IdsOn(EngineScript engines, int node, string run)
    {
        var ps = await engines.Docker(node, "ps", "-aq", "--no-trunc", "--filter", $"label={RunLabel}={run}");
        if (ps.ExitCode != 0) throw new InvalidOperationException($"docker ps on node-{node}: {ps}");
        return [.. ps.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    private static async Task<int> CountOn(EngineScript engines, int[] nodes, string run)
    {
        int count = 0;
        foreach (int node in nodes) count += (await IdsOn(engines, node, run)).Count;
        return count;
    }

    // docker rm -f on each engine directly, for every container carrying this run's label.
    private static async Task RemoveOn(EngineScript engines, int[] nodes, string run)
    {
        foreach (int node in nodes)
        {
            foreach (var batch in (await IdsOn(engines, node, run)).Chunk(50))
            {
                var removed = await engines.Docker(node, ["rm", "-f", .. batch]);
                if (removed.ExitCode != 0) throw new InvalidOperationException($"docker rm -f on node-{node}: {removed}");
            }
        }
    }

    private static void Print(List<Row> rows)
    {
        Console.WriteLine("| operation | path | containers listed | p50 ms | p90 ms | p99 ms | overhead at p50 | 95% interval |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        var verdicts = new List<string>();
        foreach (var group in rows.GroupBy(r => r.Operation))
        {
            var viaManager = group.First(r => r.Path == "manager");
            var direct = group.First(r => r.Path == "engine");
            double managerP50 = Percentile(viaManager.Milliseconds, 50), directP50 = Percentile(direct.Milliseconds, 50);
            double overhead = (managerP50 / directP50 - 1) * 100;
            var (low, high) = OverheadInterval(viaManager.Milliseconds, direct.Milliseconds);
            foreach (var row in group)
            {
                bool onManager = row.Path == "manager";
                string shown = onManager ? $"{Signed(managerP50 - directP50, "F1")} ms ({Percent(overhead)})" : "";
                string interval = onManager ? $"{Percent(low)} to {Percent(high)}" : "";
                Console.WriteLine($"| {row.Operation} | {(onManager ? "manager" : "node-1 directly")} | {row.Listed} | {Ms(Percentile(row.Milliseconds, 50))} | {Ms(Percentile(row.Milliseconds, 90))} | {Ms(Percentile(row.Milliseconds, 99))} | {shown} | {interval} |");
            }
            if (group.Key.StartsWith("  ", StringComparison.Ordinal)) continue;
            string verdict = high < Goal ? "holds" : low >= Goal ? "DOES NOT hold" : overhead < Goal ? "holds at this estimate, but the interval reaches past it" : "DOES NOT hold at this estimate, but the interval reaches below it";
            verdicts.Add($"{group.Key}: {Signed(overhead, "F1")}% at p50 ({Percent(low)} to {Percent(high)}): {verdict}");
        }
        Console.WriteLine();
        Console.WriteLine($"Goal: the manager's overhead at p50 under {Goal:F0}%. The 95% interval is a bootstrap of both paths' samples: the engines' own");
        Console.WriteLine("spread (see p90 and p99) blurs an overhead of a few milliseconds; the breakdown below measures the manager's share per call.");
        foreach (string verdict in verdicts) Console.WriteLine("  " + verdict);
        Console.WriteLine();
        Console.WriteLine("Containers listed: what GET /containers/json?all=1 returned on each path when the listing rows began. node-1 directly lists only");
        Console.WriteLine("its own containers; after the runs the manager lists all three engines' (its runs spread over them), so the second pair of");
        Console.WriteLine("listing rows first removes node-2's and node-3's containers on their engines: both paths then list the same containers.");
    }

    // 2.5th and 97.5th percentiles of the p50 overhead over resamples of both paths' timings (seeded: a run can be recomputed).
    private static (double Low, double High) OverheadInterval(List<double> viaManager, List<double> direct)
    {
        const int resamples = 2000;
        var random = new Random(5);
        var overheads = new double[resamples];
        var managerSample = new List<double>(viaManager.Count);
        var directSample = new List<double>(direct.Count);
        for (int i = 0; i < resamples; i++)
        {
            managerSample.Clear();
            directSample.Clear();
            for (int j = 0; j < viaManager.Count; j++) managerSample.Add(viaManager[random.Next(viaManager.Count)]);
            for (int j = 0; j < direct.Count; j++) directSample.Add(direct[random.Next(direct.Count)]);
            overheads[i] = (Percentile(managerSample, 50) / Percentile(directSample, 50) - 1) * 100;
        }
        Array.Sort(overheads);
        return (overheads[(int)(resamples * 0.025)], overheads[(int)(resamples * 0.975) - 1]);
    }

    // Nearest rank.
    private static double Percentile(List<double> values, double percent)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        int rank = (int)Math.Ceiling(percent / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static string Ms(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string Percent(double value) => Signed(value, "F0") + "%";

    private static string Signed(double value, string format)
    {
        string text = value.ToString(format, CultureInfo.InvariantCulture);
        return text.StartsWith('-') && text.Trim('-', '0', '.').Length == 0 ? text[1..] : (value >= 0 ? "+" : "") + text;
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
