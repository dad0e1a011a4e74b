using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// The scale benchmark's small real-engine variant: one <c>swarm manage</c> (SQLite journal, classic's engine refresh)
/// over three real dockerd (tests/engines/engines.sh, as root), N busybox containers created and started through it by
/// C clients, then the same N sent by the same clients directly to the engines, round-robin: the manager's overhead on
/// placement rate and create + start latency; and <c>GET /containers/json?all=1</c> (<c>docker ps -a</c>) and
/// <c>GET /info</c> through the manager against the same on node-1 directly. The containers carry the run's label and
/// are removed on the engines between the passes (the manager is stopped for the direct pass: its event readers and
/// inspects would load the engines) and at the end; a few are made and removed on each engine first, as a warm-up.
/// </summary>
public static class RealEngineScale
{
    private const string RunLabel = "swarm.bench.scale";
    private const int Samples = 50;
    private const int WarmUp = 3;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    /// <returns>Whether every container was placed both ways.</returns>
    public static async Task<bool> Run(int containers, int concurrency)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        Console.WriteLine($"Scale, real engines: 1 swarm manage (SQLite journal, classic's engine refresh 30s-60s) over 3 real engines (dockerd, vfs), {containers:N0} containers (create + start) by {concurrency} clients, " +
                          "then the same directly on the engines (round-robin), removed in between");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {ProcFs.MemoryGiB()} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before {ProcFs.LoadAverage()}");
        Console.WriteLine("Requests in turn: busybox sleep 3600; the same with -e affinity:image==busybox; the same with -m 16-64m");
        Console.WriteLine();

        string storeDir = Path.Combine(Path.GetTempPath(), $"swarm-bench-real-{run}");
        Directory.CreateDirectory(storeDir);
        EngineScript? engines = null;
        ManagerProcess? manager = null;
        var direct = new List<HttpClient>();
        try
        {
            engines = new EngineScript(3);
            direct.AddRange(engines.Addresses.Select(Endpoint));
            // Fresh engines' first containers are slower: not to be billed to the manager's pass, which comes first.
            var warmUp = new ScaleLoad(direct, WarmUp * direct.Count, i => Body(i, run), spreadByRequest: true);
            await warmUp.Run(direct.Count);
            await RemoveAll(direct, run);
            manager = await ManagerProcess.StartAsync(engines.Addresses, Path.Combine(storeDir, "swarm.db"), fastEngineRefresh: false);
            await manager.WaitForHealthyNodes(3, Patience);
            using var viaManager = Endpoint($"127.0.0.1:{manager.Port}");

            var gauge = new ProcessGauge(manager.Pid);
            gauge.Read();
            double cpuBefore = gauge.CpuSeconds;
            var (managerLoad, managerTime) = await Place([viaManager], containers, concurrency, run, spreadByRequest: false);
            gauge.Read();
            double cpuPlacing = gauge.CpuSeconds - cpuBefore;

            // The listings once the manager has seen every container (it follows the engines' events).
            await WaitForListing(viaManager, managerLoad.Placements.Count, manager);
            int listedByManager = await ManagerScale.ListedContainers(viaManager);
            int listedOnNode1 = await ManagerScale.ListedContainers(direct[0]);
            var (psManager, psNode1) = await Interleaved(viaManager, direct[0], "/containers/json?all=1");
            var (infoManager, infoNode1) = await Interleaved(viaManager, direct[0], "/info");
            gauge.Read();

            await RemoveAll(direct, run);
            await manager.DisposeAsync();
            var (directLoad, directTime) = await Place(direct, containers, concurrency, run, spreadByRequest: true);
            await RemoveAll(direct, run);

            double managerRate = managerLoad.Placements.Count / managerTime.TotalSeconds, directRate = directLoad.Placements.Count / directTime.TotalSeconds;
            double managerP50 = Percentile(managerLoad.Latencies, 0.5), directP50 = Percentile(directLoad.Latencies, 0.5);
            Console.WriteLine($"Through the manager: placing took {managerTime.TotalSeconds:F1} s; directly: {directTime.TotalSeconds:F1} s");
            Console.WriteLine();
            Console.WriteLine("| measure | through the manager | directly (round-robin over the 3 engines; node-1 for the listings) | manager's overhead |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| placements/s (create + start) | {managerRate:N1} | {directRate:N1} | {Percent(managerRate / directRate - 1)} |");
            Console.WriteLine($"| create + start p50 / p90 / p99 ms | {ManagerScale.Percentiles(managerLoad.Latencies)} | {ManagerScale.Percentiles(directLoad.Latencies)} | {managerP50 - directP50:+0;-0} ms ({Percent(managerP50 / directP50 - 1)}) at p50 |");
            Console.WriteLine($"| `GET /containers/json?all=1` (`docker ps -a`) p50 / p90 / p99 ms, {Samples} samples: manager {listedByManager:N0} listed, node-1 {listedOnNode1:N0} | {ManagerScale.Percentiles(psManager)} | {ManagerScale.Percentiles(psNode1)} | {Overhead(psManager, psNode1)} |");
            Console.WriteLine($"| `GET /info` (`docker info`) p50 / p90 / p99 ms, {Samples} samples | {ManagerScale.Percentiles(infoManager)} | {ManagerScale.Percentiles(infoNode1)} | {Overhead(infoManager, infoNode1)} |");
            Console.WriteLine($"| placed / refused or failed | {managerLoad.Placements.Count:N0} / {managerLoad.Failures.Count:N0} | {directLoad.Placements.Count:N0} / {directLoad.Failures.Count:N0} | |");
            Console.WriteLine($"| manager: peak RSS MB / CPU s placing | {gauge.PeakRssKb / 1024.0:N0} / {cpuPlacing:F1} | | |");
            Console.WriteLine();
            Console.WriteLine("The manager lists all three engines' containers, node-1 only its own; the manager's info covers three engines, node-1's itself.");
            Console.WriteLine($"Load average after {ProcFs.LoadAverage()}.");
            return managerLoad.Placements.Count == containers && directLoad.Placements.Count == containers;
        }
        finally
        {
            if (manager is not null)
            {
                if (Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS") is { Length: > 0 } logs)
                {
                    Directory.CreateDirectory(logs);
                    File.WriteAllText(Path.Combine(logs, "scale-real-manager.log"), manager.Log);
                }
                await manager.DisposeAsync();
            }
            // Removed before the engines stop: a container whose shim is killed would outlive its engine.
            if (engines is not null)
            {
                try
                {
                    await RemoveAll(direct, run);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"cleaning up: {e.Message}");
                }
                engines.Dispose();
            }
            foreach (var endpoint in direct) endpoint.Dispose();
            Directory.Delete(storeDir, recursive: true);
        }
    }

    private static async Task<(ScaleLoad Load, TimeSpan Time)> Place(IReadOnlyList<HttpClient> endpoints, int containers, int concurrency, string run, bool spreadByRequest)
    {
        var load = new ScaleLoad(endpoints, containers, i => Body(i, run), spreadByRequest);
        var clock = Stopwatch.StartNew();
        var clients = load.Run(concurrency);
        string? stalled = await ManagerScale.Watch(load, clients, containers, () => $"load average {ProcFs.LoadAverage()}");
        var time = clock.Elapsed;
        if (stalled is not null) Console.WriteLine($"STALLED: {stalled}");
        foreach (string failure in load.Failures.Take(10)) Console.Error.WriteLine("failed: " + failure);
        return (load, time);
    }

    /// <summary>A create body real dockerd accepts with engines.sh's offline busybox: no ports, nothing a node could fail to match.</summary>
    private static JsonObject Body(int i, string run)
    {
        var env = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        var host = new JsonObject { ["NetworkMode"] = "default", ["RestartPolicy"] = new JsonObject { ["Name"] = "no", ["MaximumRetryCount"] = 0 } };
        switch (i % 3)
        {
            case 1:
                env.Add("affinity:image==busybox");
                break;
            case 2:
                // A memory reservation only: -c reserves whole CPUs (classic), and these engines have two each.
                host["Memory"] = (16L + 16 * (i / 3 % 4)) << 20;
                break;
        }
        return new JsonObject
        {
            ["Hostname"] = "",
            ["Image"] = "busybox",
            ["Cmd"] = new JsonArray("sleep", "3600"),
            ["Labels"] = new JsonObject { [RunLabel] = run },
            ["Tty"] = false,
            ["OpenStdin"] = false,
            ["AttachStdin"] = false,
            ["AttachStdout"] = false,
            ["AttachStderr"] = false,
            ["Env"] = env,
            ["HostConfig"] = host,
        };
    }

    // Manager and node-1 in turn, which goes first alternating, so that load drifts on a shared machine hit both alike.
    private static async Task<(List<double> Manager, List<double> Node1)> Interleaved(HttpClient viaManager, HttpClient node1, string path)
    {
        for (int i = 0; i < WarmUp; i++)
        {
            await ManagerScale.Timed(viaManager, path);
            await ManagerScale.Timed(node1, path);
        }
        var manager = new List<double>();
        var direct = new List<double>();
        for (int i = 0; i < Samples; i++)
        {
            if (i % 2 == 0) manager.Add(await ManagerScale.Timed(viaManager, path));
            direct.Add(await ManagerScale.Timed(node1, path));
            if (i % 2 == 1) manager.Add(await ManagerScale.Timed(viaManager, path));
        }
        return (manager, direct);
    }

    private static async Task WaitForListing(HttpClient viaManager, int expected, ManagerProcess manager)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (await ManagerScale.ListedContainers(viaManager) < expected)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the manager did not list {expected} containers in {Patience.TotalSeconds} s\n{string.Join('\n', manager.Log.Split('\n').TakeLast(40))}");
            await Task.Delay(200);
        }
    }

    // docker rm -f -v on each engine directly, for every container carrying the run's label.
    private static async Task RemoveAll(IReadOnlyList<HttpClient> engines, string run)
    {
        string filter = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["label"] = [$"{RunLabel}={run}"] }));
        foreach (var engine in engines)
        {
            using var listed = JsonDocument.Parse(await engine.GetStringAsync($"/containers/json?all=1&filters={filter}"));
            string[] ids = [.. listed.RootElement.EnumerateArray().Select(c => c.GetProperty("Id").GetString()!)];
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancel) =>
            {
                using var removed = await engine.DeleteAsync($"/containers/{id}?force=1&v=1", cancel);
                if (removed.StatusCode is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
                {
                    throw new InvalidOperationException($"rm -f {id}: {(int)removed.StatusCode} {await removed.Content.ReadAsStringAsync(cancel)}");
                }
            });
        }
    }

    private static HttpClient Endpoint(string address) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromMinutes(2), BaseAddress = new Uri($"http://{address}") };

    private static string Overhead(List<double> viaManager, List<double> direct)
    {
        double m = Percentile(viaManager, 0.5), d = Percentile(direct, 0.5);
        return $"{m - d:+0.0;-0.0} ms ({Percent(m / d - 1)}) at p50";
    }

    // Nearest rank, as ManagerScale.Percentiles.
    private static double Percentile(IEnumerable<double> samples, double p)
    {
        var sorted = samples.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string Percent(double fraction) => double.IsFinite(fraction) ? $"{fraction * 100:+0;-0}%" : "-";
}
