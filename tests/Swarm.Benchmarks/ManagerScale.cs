using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// Classic Swarm's published scale test, measured as a user sees it: one <c>swarm manage</c> process over a
/// <c>hollow-farm</c> of N simulated engines (HTTP, the same engine client as for real dockerd), M containers placed
/// through the manager's Docker API exactly as the docker CLI sends them (create, then start) by C concurrent
/// clients, <c>docker ps -a</c> and <c>docker info</c> sampled during and after the load, the manager's peak RSS and
/// CPU from /proc, and the journal's growth per container.
/// </summary>
public static class ManagerScale
{
    private static readonly string[] Regions = ["us-east", "us-west", "eu-central", "eu-west", "ap-south"];
    private static readonly string[] Images = ["busybox:latest", "nginx:1.25", "redis:7", "postgres:16", "example/app:2.3"];
    internal const int SamplesAfter = 50;
    private const int PhaseSize = 1000;
    private static readonly TimeSpan HealthyPatience = TimeSpan.FromMinutes(5);
    // No placement answered for this long: the manager is stuck; the load stops and the table says so.
    private static readonly TimeSpan StallPatience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(15);

    /// <returns>Whether every container was placed (the smoke run's only check).</returns>
    /// <param name="idle">How long the loaded manager is left to watch its engines, for its CPU per minute of watching.</param>
    /// <param name="managerCommand">Another manager to measure instead of ours (see <see cref="CommandManagerProcess"/>); null: one swarm manage.</param>
    public static async Task<bool> Run(int engines, int containers, int concurrency, bool postgres, TimeSpan idle, string? managerCommand = null)
    {
        bool placedAll = await ThroughManager(engines, containers, concurrency, postgres, idle, managerCommand);
        var ceiling = await DirectToEngines.Run(engines, containers, concurrency);
        Console.WriteLine($"Ceiling on this machine: the same {containers:N0} create + start sent straight to a fresh farm's engines, no manager between: " +
            $"{ceiling.PlacementsPerSecond:N0} placements/s, create + start p50 / p90 / p99 {ceiling.Latencies} ms, farm CPU {ceiling.FarmCpuSeconds:F1} s" +
            (ceiling.Failures > 0 ? $", {ceiling.Failures:N0} failed" : ""));
        return placedAll && ceiling.Failures == 0;
    }

    private static async Task<bool> ThroughManager(int engines, int containers, int concurrency, bool postgres, TimeSpan idle, string? managerCommand)
    {
        bool ours = managerCommand is null;
        string journal = !ours ? "its own state" : postgres ? "PostgreSQL 15" : "SQLite";
        Console.WriteLine(ours
            ? $"Scale: 1 swarm manage ({journal} journal, classic's engine refresh 30s-60s, MALLOC_ARENA_MAX={Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") ?? ManagerProcess.MallocArenaMax} as the samples run it), {engines:N0} hollow engines (hollow-farm, HTTP), {containers:N0} containers (create + start), {concurrency} clients"
            : $"Scale: the manager `{managerCommand}`, {engines:N0} hollow engines (hollow-farm, HTTP), {containers:N0} containers (create + start), {concurrency} clients");
        PrintMachineAndWorkload();

        string scratch = Path.Combine(Path.GetTempPath(), $"swarm-bench-scale-{Guid.NewGuid():N}"[..30]);
        Directory.CreateDirectory(scratch);
        using var database = ours && postgres ? new PostgresScript() : null;
        string store = database?.NewDatabase() ?? Path.Combine(scratch, "swarm.db");

        await using var farm = await FarmProcess.OnLoopback(engines, FarmFlags);
        IManagerUnderTest? manager = null;
        try
        {
            var startedAt = Stopwatch.StartNew();
            manager = ours
                ? await ManagerProcess.StartAsync(farm.Addresses, store, fastEngineRefresh: false)
                : await CommandManagerProcess.StartAsync(managerCommand!, farm.Addresses);
            using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromMinutes(2) };
            http.BaseAddress = new Uri($"http://127.0.0.1:{manager.Port}");
            await WaitForHealthy(http, manager, engines);
            var healthyAfter = startedAt.Elapsed;
            var cpuBefore = ProcFs.CpuSeconds(manager.Pid);
            long rssBefore = ProcFs.Status(manager.Pid, "VmRSS");
            long journalBefore = ours ? await JournalBytes(store, database) : 0;

            var load = new ScaleLoad([http], containers, Body);
            var sampling = new CancellationTokenSource();
            var psDuring = new List<double>();
            var infoDuring = new List<double>();
            var sampler = Task.Run(() => Sample(http, psDuring, infoDuring, sampling.Token));
            var clock = Stopwatch.StartNew();
            var clients = load.Run(concurrency);
            int managerPid = manager.Pid;
            string? stalled = await Watch(load, clients, containers,
                () => $"manager RSS {ProcFs.Status(managerPid, "VmRSS") / 1024:N0} MB, CPU {ProcFs.CpuSeconds(managerPid):F0} s");
            var loadTime = clock.Elapsed;
            await sampling.CancelAsync();
            await sampler;
            var cpuLoad = ProcFs.CpuSeconds(manager.Pid) - cpuBefore;

            var psAfter = new List<double>();
            var infoAfter = new List<double>();
            int listed = -1;
            double? idleCpu = null;
            if (stalled is null)
            {
                // Each sample in order on stderr, with the clock: a slow one can be matched with the manager's GC trace.
                Console.Error.WriteLine($"samples after the load began {DateTime.UtcNow:HH:mm:ss.fff}");
                for (int i = 0; i < SamplesAfter; i++)
                {
                    psAfter.Add(await Timed(http, "/containers/json?all=1"));
                    infoAfter.Add(await Timed(http, "/info"));
                }
                Console.Error.WriteLine($"samples after the load ended {DateTime.UtcNow:HH:mm:ss.fff}; ms in order:");
                Console.Error.WriteLine("  GET /containers/json?all=1: " + string.Join(" ", psAfter.Select(v => v.ToString("F0"))));
                Console.Error.WriteLine("  GET /info: " + string.Join(" ", infoAfter.Select(v => v.ToString("F0"))));
                listed = await ListedContainers(http);
                // For a profiler (dotnet-gcdump, dotnet-trace) to attach to the loaded manager before it stops.
                if (int.TryParse(Environment.GetEnvironmentVariable("SWARM_BENCH_HOLD"), out int holdSeconds) && holdSeconds > 0)
                {
                    Console.Error.WriteLine($"holding the loaded manager (PID {manager.Pid}) for {holdSeconds} s");
                    await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
                }
            }
            long journalAfter = ours ? await JournalBytes(store, database) : 0;
            long rssAfter = ProcFs.Status(manager.Pid, "VmRSS");
            if (stalled is null) idleCpu = (await IdleCpuPerMinute([manager.Pid], idle))[0];
            long peak = ProcFs.Status(manager.Pid, "VmHWM");
            double cpuTotal = ProcFs.CpuSeconds(manager.Pid);

            var done = load.Completions.OrderBy(t => t).ToList();
            // The issue's phases are the first and last 1,000; a smaller run compares its first and last third.
            int phase = Math.Min(PhaseSize, containers / 3);
            double overall = done.Count / loadTime.TotalSeconds;
            string first = phase > 0 && done.Count >= 2 * phase ? Rate(phase, done[phase - 1]) : "-";
            string last = phase > 0 && done.Count >= 2 * phase ? Rate(phase, done[^1] - done[^(phase + 1)]) : "-";
            int placed = done.Count;

            Console.WriteLine($"All {engines:N0} engines healthy {healthyAfter.TotalSeconds:F1} s after the manager started; placing took {loadTime.TotalSeconds:F1} s");
            if (stalled is not null) Console.WriteLine($"STALLED: {stalled}");
            Console.WriteLine();
            Console.WriteLine($"| measure | {(ours ? "ours" : "this manager")} | classic 1.2.9 (published: 1,000 nodes, 30,000 containers) | target (issue #8) |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| placements/s (create + start), overall | {overall:N0} | | ≥ {(postgres ? "5,000" : "2,000")} ({(ours ? journal : "ours on SQLite")}) |");
            Console.WriteLine($"| placements/s, first {phase:N0} / last {phase:N0} | {first} / {last} | | last ≥ 80% of first |");
            Console.WriteLine($"| create + start p50 / p90 / p99 ms | {Percentiles(load.Latencies)} | 230 / 250 / 400 (docker run scheduling) | |");
            Console.WriteLine($"| `GET /containers/json?all=1` p50 / p90 / p99 ms, during load ({psDuring.Count} samples) | {Percentiles(psDuring)} | | |");
            Console.WriteLine($"| `GET /containers/json?all=1` p50 / p90 / p99 ms, after ({SamplesAfter} samples, {listed:N0} listed) | {Percentiles(psAfter)} | | p99 ≤ 50 |");
            Console.WriteLine($"| `GET /info` p50 / p90 / p99 ms, during load ({infoDuring.Count} samples) | {Percentiles(infoDuring)} | | |");
            Console.WriteLine($"| `GET /info` p50 / p90 / p99 ms, after ({SamplesAfter} samples) | {Percentiles(infoAfter)} | 150 / 200 / 360 (docker info) | p99 ≤ 50 |");
            Console.WriteLine($"| manager peak RSS (VmHWM) MB | {peak / 1024.0:N0} | | ≤ 400 |");
            Console.WriteLine($"| manager RSS growth per container (VmRSS after - before) | {Bytes((rssAfter - rssBefore) * 1024.0 / Math.Max(1, placed))} | | |");
            Console.WriteLine($"| manager CPU s: placing / since start | {cpuLoad:F1} / {cpuTotal:F1} | | |");
            Console.WriteLine($"| {ComparisonMeasure(idle)} | {engines:N0} / {Cpu(idleCpu)} / {cpuLoad * 1000 / Math.Max(1, placed):F1} | | {ComparisonTarget} |");
            if (ours) Console.WriteLine($"| journal growth per container ({(postgres ? "pg_database_size" : "SQLite file + WAL")}) | {Bytes((journalAfter - journalBefore) / (double)Math.Max(1, placed))} | | ≤ 1 KB |");
            Console.WriteLine($"| placed / refused or failed | {placed:N0} / {load.Failures.Count:N0} | | all placed |");
            Console.WriteLine();
            Console.WriteLine($"Hollow farm: peak RSS {ProcFs.Status(farm.Pid, "VmHWM") / 1024.0:N0} MB, CPU {ProcFs.CpuSeconds(farm.Pid):F1} s; load average after {ProcFs.LoadAverage()}");
            foreach (string failure in load.Failures.Take(10)) Console.Error.WriteLine("failed: " + failure);
            return stalled is null && placed == containers && listed >= containers;
        }
        finally
        {
            string? logs = Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS");
            if (logs is { Length: > 0 })
            {
                Directory.CreateDirectory(logs);
                if (manager is not null) File.WriteAllText(Path.Combine(logs, "scale-manager.log"), manager.Log);
                File.WriteAllText(Path.Combine(logs, "scale-farm.log"), farm.Log);
            }
            if (manager is not null) await manager.DisposeAsync();
            // Read only once the manager is gone: a reader of a SQLite file in rollback mode can make a writer fail.
            if (manager is not null && ours && await JournalTables(store, database) is { } tables) Console.WriteLine(tables);
            // The SQLite journal too, once its manager is gone, for a look at what it holds.
            if (logs is { Length: > 0 } && database is null && File.Exists(store))
            {
                // With its WAL, which holds the latest writes until a checkpoint moves them into the file.
                foreach (string suffix in new[] { "", "-wal" }.Where(suffix => File.Exists(store + suffix))) File.Copy(store + suffix, Path.Combine(logs, "scale-swarm.db" + suffix), overwrite: true);
            }
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
                // Left in the temporary directory.
            }
        }
    }

    /// <summary>
    /// Waits for the clients, printing progress on standard error (<paramref name="managers"/> says how the managers
    /// fare); stops them and says why if no placement is answered for <see cref="StallPatience"/> (the manager stuck).
    /// </summary>
    internal static async Task<string?> Watch(ScaleLoad load, Task clients, int containers, Func<string> managers)
    {
        int lastCount = 0;
        var lastProgress = Stopwatch.StartNew();
        var lastReport = Stopwatch.StartNew();
        int reportedCount = 0;
        while (await Task.WhenAny(clients, Task.Delay(TimeSpan.FromSeconds(1))) != clients)
        {
            int count = load.Placements.Count;
            if (count != lastCount)
            {
                lastCount = count;
                lastProgress.Restart();
            }
            if (lastReport.Elapsed >= ProgressEvery)
            {
                Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} placed {count:N0}/{containers:N0}, {(count - reportedCount) / lastReport.Elapsed.TotalSeconds:N0}/s; {managers()}; failures {load.Failures.Count}");
                reportedCount = count;
                lastReport.Restart();
            }
            if (lastProgress.Elapsed >= StallPatience)
            {
                foreach (string placement in load.UnderWay()) Console.Error.WriteLine($"under way at the stall: {placement}");
                await load.Abort();
                await clients;
                return $"no placement answered for {StallPatience.TotalSeconds:F0} s after {count:N0} (see the manager log: SWARM_BENCH_LOGS=dir)";
            }
        }
        return null;
    }

    /// <summary>
    /// Each process's CPU seconds per minute over <paramref name="window"/> of doing nothing asked, from half the
    /// window on (what follows the load settles first): what keeping its engines refreshed and healthy costs, the
    /// comparison between one manager and several.
    /// </summary>
    internal static async Task<double[]> IdleCpuPerMinute(IReadOnlyList<int> pids, TimeSpan window)
    {
        await Task.Delay(window / 2);
        double[] before = [.. pids.Select(ProcFs.CpuSeconds)];
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        return [.. pids.Select((pid, i) => (ProcFs.CpuSeconds(pid) - before[i]) * 60 / clock.Elapsed.TotalSeconds)];
    }

    /// <summary>The row one manager's table and several managers' share, for issue #8's "2.5x the engines at the same CPU".</summary>
    internal static string ComparisonMeasure(TimeSpan idle) =>
        $"engines per manager / CPU s per minute idle after the load ({idle.TotalSeconds:F0} s, after {idle.TotalSeconds / 2:F0} s of settling) / CPU s per 1,000 placements";

    internal const string ComparisonTarget = "3 managers: ≥ 2.5× one's engines at one's idle CPU per manager";

    internal static string Cpu(double? seconds) => seconds is { } s ? s.ToString("F1") : "-";

    internal static void PrintMachineAndWorkload()
    {
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {ProcFs.MemoryGiB()} GiB, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average before {ProcFs.LoadAverage()}");
        Console.WriteLine("Engines: 8/16/32 CPUs, 32/64/128 GiB in turn; labels region=us-east|us-west|eu-central|eu-west|ap-south, storage=ssd|disk|disk in turn; 5 images each");
        Console.WriteLine("Requests in turn: plain busybox; constraint:region==<one of 5>; affinity:image==nginx:1.25; -p <unique port>:80; -m 64-256m -c 1 (1 CPU)");
        Console.WriteLine();
    }

    /// <summary>The hollow farm's engines as the workload above expects them.</summary>
    internal static string[] FarmFlags =>
    [
        "--label-cycle", $"region={string.Join(',', Regions)}", "--label-cycle", "storage=ssd,disk,disk",
        "--cpus", "8,16,32", "--memory", "32g,64g,128g", .. Images.SelectMany(image => (string[])["--image", image]),
    ];

    /// <summary>A create body shaped as the docker CLI sends it; the kind of request goes in turn.</summary>
    internal static JsonObject Body(int i)
    {
        var env = new JsonArray("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        var host = new JsonObject { ["NetworkMode"] = "default", ["RestartPolicy"] = new JsonObject { ["Name"] = "no", ["MaximumRetryCount"] = 0 } };
        var body = new JsonObject
        {
            ["Hostname"] = "",
            ["Image"] = "busybox:latest",
            ["Cmd"] = new JsonArray("sleep", "3600"),
            ["Labels"] = new JsonObject { ["com.example.tier"] = i % 2 == 0 ? "web" : "worker" },
            ["Tty"] = false,
            ["OpenStdin"] = false,
            ["AttachStdin"] = false,
            ["AttachStdout"] = false,
            ["AttachStderr"] = false,
        };
        switch (i % 5)
        {
            case 1:
                env.Add($"constraint:region=={Regions[i / 5 % Regions.Length]}");
                break;
            case 2:
                body["Image"] = "nginx:1.25";
                env.Add("affinity:image==nginx:1.25");
                break;
            case 3:
                body["Image"] = "nginx:1.25";
                body["ExposedPorts"] = new JsonObject { ["80/tcp"] = new JsonObject() };
                host["PortBindings"] = new JsonObject { ["80/tcp"] = new JsonArray(new JsonObject { ["HostIp"] = "", ["HostPort"] = (10000 + i / 5 % 50000).ToString() }) };
                break;
            case 4:
                body["Image"] = "redis:7";
                host["Memory"] = (64L + 64 * (i / 5 % 4)) << 20;
                host["CpuShares"] = 1;
                break;
        }
        body["Env"] = env;
        body["HostConfig"] = host;
        return body;
    }

    // One ps and one info at a time, back to back with a short pause, while the load runs.
    internal static async Task Sample(HttpClient http, List<double> ps, List<double> info, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                ps.Add(await Timed(http, "/containers/json?all=1"));
                info.Add(await Timed(http, "/info"));
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // An error answer (or none): not a latency; the table's sample count shows it.
            }
        }
    }

    // Until the whole answer has arrived, as the docker CLI waits for it.
    // Until the last byte is in, read into a buffer kept between calls, as curl -o /dev/null: the time is the
    // manager's and the connection's, not this client's (collecting 17 MB of docker ps -a into one new array).
    private static readonly byte[] Drain = new byte[1 << 20];

    internal static async Task<double> Timed(HttpClient http, string path)
    {
        var clock = Stopwatch.StartNew();
        using var answer = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        await using (var body = await answer.Content.ReadAsStreamAsync())
        {
            while (await body.ReadAsync(Drain) > 0) { }
        }
        answer.EnsureSuccessStatusCode();
        return clock.Elapsed.TotalMilliseconds;
    }

    internal static async Task<int> ListedContainers(HttpClient http)
    {
        using var listed = JsonDocument.Parse(await http.GetStringAsync("/containers/json?all=1"));
        return listed.RootElement.GetArrayLength();
    }

    internal static async Task WaitForHealthy(HttpClient http, IManagerUnderTest manager, int engines)
    {
        var deadline = DateTime.UtcNow + HealthyPatience;
        while (DateTime.UtcNow < deadline && !manager.HasExited)
        {
            try
            {
                using var info = JsonDocument.Parse(await http.GetStringAsync("/info"));
                int healthy = info.RootElement.GetProperty("SystemStatus").EnumerateArray()
                    .Count(pair => pair[0].GetString() == "  └ Status" && pair[1].GetString() == "Healthy");
                if (healthy == engines) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or InvalidOperationException or KeyNotFoundException)
            {
                // Not listening yet, or no answer in time while the engines connect.
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException($"the manager did not see {engines} healthy engines in {HealthyPatience.TotalMinutes} minutes:\n{Tail(manager.Log)}");
    }

    internal static string Tail(string log) => log.Length > 4000 ? log[^4000..] : log;

    internal static async Task<long> JournalBytes(string store, PostgresScript? database)
    {
        if (database is not null)
        {
            await using var connection = new Npgsql.NpgsqlConnection(store);
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        return new[] { "", "-wal" }.Select(suffix => new FileInfo(store + suffix)).Where(f => f.Exists).Sum(f => f.Length);
    }

    /// <summary>What the journal holds: events by kind (average bytes) and snapshots; null if it cannot be read.</summary>
    internal static async Task<string?> JournalTables(string store, PostgresScript? database)
    {
        try
        {
            await using System.Data.Common.DbConnection connection = database is not null
                ? new Npgsql.NpgsqlConnection(store)
                : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={store};Mode=ReadOnly");
            await connection.OpenAsync();
            var events = new List<string>();
            long containers = 0;
            double eventBytes = 0;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT manifest, COUNT(*), AVG(LENGTH(message)) FROM journal GROUP BY manifest ORDER BY 3 DESC";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    string manifest = reader.GetString(0);
                    if (manifest.StartsWith("ContainerPlaced", StringComparison.Ordinal)) containers = reader.GetInt64(1);
                    eventBytes += reader.GetInt64(1) * Convert.ToDouble(reader.GetValue(2));
                    events.Add($"{manifest} {reader.GetInt64(1):N0} × {Convert.ToDouble(reader.GetValue(2)):N0} bytes");
                }
            }
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT COUNT(*), COALESCE(SUM(LENGTH(snapshot)), 0), COALESCE(MAX(LENGTH(snapshot)), 0) FROM snapshot";
                await using var reader = await command.ExecuteReaderAsync();
                await reader.ReadAsync();
                long count = reader.GetInt64(0), total = Convert.ToInt64(reader.GetValue(1)), last = Convert.ToInt64(reader.GetValue(2));
                return $"Journal: events {string.Join(", ", events)}; snapshots {count:N0}, {total / 1048576.0:N1} MB in all, the largest {last / 1048576.0:N1} MB"
                    + (containers > 0 ? $" ({last / (double)containers:N0} bytes per container)" : "")
                    // Issue #8's measure, without the database's own overhead (rows, indexes, free pages, the WAL).
                    + (containers > 0 ? $"; events and the largest snapshot: {(eventBytes + last) / containers:N0} bytes per container" : "");
            }
        }
        catch (System.Data.Common.DbException)
        {
            return null;
        }
    }

    internal static string Rate(int count, TimeSpan time) => (count / time.TotalSeconds).ToString("N0");

    internal static string Percentiles(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        if (sorted.Count == 0) return "-";
        string At(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)].ToString(sorted[^1] < 10 ? "F1" : "F0");
        return $"{At(0.5)} / {At(0.9)} / {At(0.99)}";
    }

    internal static string Bytes(double bytes) => bytes >= 10 * 1024 ? $"{bytes / 1024:N0} KB" : $"{bytes:N0} bytes";
}
