using System.Diagnostics;
using System.Text.Json;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// The scale benchmark with several <c>swarm manage</c> processes sharing one PostgreSQL 15 journal, seeded to the
/// first one, over one hollow farm: the engines are sharded over the managers, the clients spread over them. Reports
/// the same figures as one manager, per manager its role, the engines it watches, peak RSS and CPU (placing, per
/// minute of idle watching after the load, in all), and checks on the engines themselves that every acknowledged
/// placement exists exactly once. With <c>failover</c> the primary is SIGKILLed when half the containers are placed;
/// its clients go on through the survivors, asking again by the same name.
/// </summary>
public static class MultiManagerScale
{
    private const string NamePrefix = "scale-";
    // Engines must stay on the same manager this long to count as spread (sharding moves a few shards every 10 s).
    private static readonly TimeSpan SpreadStable = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan SpreadPatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PrimaryPatience = TimeSpan.FromSeconds(60);

    /// <returns>Whether every container was placed exactly once (the smoke run's only check).</returns>
    public static async Task<bool> Run(int managerCount, int engines, int containers, int concurrency, TimeSpan idle, bool failover)
    {
        Console.WriteLine($"Scale: {managerCount} swarm manage sharing one PostgreSQL 15 journal (classic's engine refresh 30s-60s), {engines:N0} hollow engines (hollow-farm, HTTP) sharded over them, " +
                          $"{containers:N0} containers (create + start), {concurrency} clients spread over the managers" +
                          (failover ? "; the primary SIGKILLed when half are placed, its clients moving to the survivors and asking again by the same name" : ""));
        ManagerScale.PrintMachineAndWorkload();

        using var database = new PostgresScript();
        string store = database.NewDatabase();
        await using var farm = await FarmProcess.OnLoopback(engines, ManagerScale.FarmFlags);
        var managers = new List<ManagerProcess>();
        var endpoints = new List<HttpClient>();
        try
        {
            var startedAt = Stopwatch.StartNew();
            var first = await ManagerProcess.StartAsync(farm.Addresses, store, fastEngineRefresh: false);
            managers.Add(first);
            string[] seed = ["--seed", $"127.0.0.1:{first.ClusterPort}"];
            managers.AddRange(await Task.WhenAll(Enumerable.Range(1, managerCount - 1).Select(_ => ManagerProcess.StartAsync(farm.Addresses, store, fastEngineRefresh: false, seed))));
            endpoints.AddRange(managers.Select(m => Endpoint(m.Port)));
            for (int m = 0; m < managerCount; m++) await ManagerScale.WaitForHealthy(endpoints[m], managers[m], engines);
            var healthyAfter = startedAt.Elapsed;
            var homesBefore = await EngineHomes.WaitForSettled(endpoints[0], engines, SpreadStable, SpreadPatience);
            var spreadAfter = startedAt.Elapsed;
            homesBefore ??= await EngineHomes.Read(endpoints[0], engines);
            int primary = await Primary(endpoints, Enumerable.Range(0, managerCount));
            // ps and info are sampled through a replica: the same one whether or not the primary is killed.
            int sampled = Enumerable.Range(0, managerCount).First(m => m != primary);

            var gauges = managers.Select(m => new ProcessGauge(m.Pid)).ToList();
            gauges.ForEach(g => g.Read());
            double[] cpuBefore = [.. gauges.Select(g => g.CpuSeconds)];
            long journalBefore = await ManagerScale.JournalBytes(store, database);

            var load = new ScaleLoad(endpoints, containers, ManagerScale.Body, retry: failover);
            var halfway = load.Placed(containers / 2);
            var sampling = new CancellationTokenSource();
            var psDuring = new List<double>();
            var infoDuring = new List<double>();
            var sampler = Task.Run(() => ManagerScale.Sample(endpoints[sampled], psDuring, infoDuring, sampling.Token));
            var clock = Stopwatch.StartNew();
            var clients = load.Run(concurrency);
            var killing = failover ? KillHalfway(halfway, clients, load, managers[primary], gauges[primary]) : Task.FromResult<TimeSpan?>(null);
            string? stalled = await ManagerScale.Watch(load, clients, containers, () => string.Join(", ", gauges.Select((g, m) =>
                g.Read() ? $"manager-{m + 1} RSS {g.RssKb / 1024:N0} MB, CPU {g.CpuSeconds:F0} s" : $"manager-{m + 1} gone")));
            var loadTime = clock.Elapsed;
            var killedAt = await killing;
            await sampling.CancelAsync();
            await sampler;
            gauges.ForEach(g => g.Read());
            double[] cpuPlacing = [.. gauges.Select((g, m) => g.CpuSeconds - cpuBefore[m])];

            var alive = Enumerable.Range(0, managerCount).Where(m => !managers[m].HasExited).ToList();
            var psAfter = new List<double>();
            var infoAfter = new List<double>();
            int listed = -1;
            double[] idleCpu = new double[managerCount];
            Dictionary<string, string>? homesAfter = null;
            PlacementAudit? audit = null;
            int? primaryAfter = null;
            if (stalled is null)
            {
                for (int i = 0; i < ManagerScale.SamplesAfter; i++)
                {
                    psAfter.Add(await ManagerScale.Timed(endpoints[sampled], "/containers/json?all=1"));
                    infoAfter.Add(await ManagerScale.Timed(endpoints[sampled], "/info"));
                }
                listed = await ManagerScale.ListedContainers(endpoints[sampled]);
                // A killed manager's engines move to the survivors: the idle window measures them settled.
                homesAfter = await EngineHomes.WaitForSettled(endpoints[sampled], engines, SpreadStable, SpreadPatience) ?? await EngineHomes.Read(endpoints[sampled], engines);
                double[] idleAlive = await ManagerScale.IdleCpuPerMinute([.. alive.Select(m => managers[m].Pid)], idle);
                for (int a = 0; a < alive.Count; a++) idleCpu[alive[a]] = idleAlive[a];
                // Last, so that a request given up on that the cluster still carried out has had time to show.
                audit = await PlacementAudit.Check(farm.Addresses, [.. load.Placements.Select(p => p.Name)], NamePrefix);
                if (killedAt is not null) primaryAfter = await Primary(endpoints, alive);
            }
            long journalAfter = await ManagerScale.JournalBytes(store, database);
            gauges.ForEach(g => g.Read());

            var done = load.Completions.Order().ToList();
            int phase = Math.Min(1000, containers / 3);
            int placed = done.Count;
            string firstRate = phase > 0 && placed >= 2 * phase ? ManagerScale.Rate(phase, done[phase - 1]) : "-";
            string lastRate = phase > 0 && placed >= 2 * phase ? ManagerScale.Rate(phase, done[^1] - done[^(phase + 1)]) : "-";
            var watchedAtEnd = alive.Select(m => EngineHomes.Watched(homesAfter, managers[m].ClusterPort)).ToList();

            Console.WriteLine($"All {engines:N0} engines healthy on every manager {healthyAfter.TotalSeconds:F1} s after the first manager started, " +
                              (homesBefore is null ? "NOT spread over the managers in 5 minutes" : $"spread over them and settled {spreadAfter.TotalSeconds:F1} s after") +
                              $"; placing took {loadTime.TotalSeconds:F1} s");
            if (stalled is not null) Console.WriteLine($"STALLED: {stalled}");
            if (stalled is null && homesAfter is null) Console.WriteLine("The engines did NOT settle on the managers after the load in 5 minutes: the idle window ran anyway.");
            Console.WriteLine();
            Console.WriteLine($"| measure | ours ({managerCount} managers{(failover ? ", primary killed" : "")}) | target (issue #8) |");
            Console.WriteLine("|---|---:|---:|");
            Console.WriteLine($"| placements/s (create + start), overall | {placed / loadTime.TotalSeconds:N0} | ≥ 5,000 (PostgreSQL 15) |");
            Console.WriteLine($"| placements/s, first {phase:N0} / last {phase:N0} | {firstRate} / {lastRate} | last ≥ 80% of first |");
            Console.WriteLine($"| create + start p50 / p90 / p99 ms{(failover ? " (asked again included)" : "")} | {ManagerScale.Percentiles(load.Latencies)} | |");
            Console.WriteLine($"| `GET /containers/json?all=1` p50 / p90 / p99 ms through manager-{sampled + 1}, during load ({psDuring.Count} samples) | {ManagerScale.Percentiles(psDuring)} | |");
            Console.WriteLine($"| `GET /containers/json?all=1` p50 / p90 / p99 ms through manager-{sampled + 1}, after ({ManagerScale.SamplesAfter} samples, {listed:N0} listed) | {ManagerScale.Percentiles(psAfter)} | p99 ≤ 50 |");
            Console.WriteLine($"| `GET /info` p50 / p90 / p99 ms through manager-{sampled + 1}, during load ({infoDuring.Count} samples) | {ManagerScale.Percentiles(infoDuring)} | |");
            Console.WriteLine($"| `GET /info` p50 / p90 / p99 ms through manager-{sampled + 1}, after ({ManagerScale.SamplesAfter} samples) | {ManagerScale.Percentiles(infoAfter)} | p99 ≤ 50 |");
            Console.WriteLine($"| managers' peak RSS (VmHWM) MB, highest | {gauges.Max(g => g.PeakRssKb) / 1024.0:N0} | ≤ 400 |");
            Console.WriteLine($"| managers' CPU s, all together: placing / since start | {cpuPlacing.Sum():F1} / {gauges.Sum(g => g.CpuSeconds):F1} | |");
            Console.WriteLine($"| {ManagerScale.ComparisonMeasure(idle)}: managers in the idle window (mean, fewest-most) / the highest / all managers' | " +
                              (watchedAtEnd.Count > 0 ? $"{watchedAtEnd.Average():N0} ({watchedAtEnd.Min():N0}-{watchedAtEnd.Max():N0})" : "-") +
                              $" / {ManagerScale.Cpu(stalled is null && alive.Count > 0 ? alive.Max(m => idleCpu[m]) : null)} / {cpuPlacing.Sum() * 1000 / Math.Max(1, placed):F1} | {ManagerScale.ComparisonTarget} |");
            Console.WriteLine($"| journal growth per container (pg_database_size) | {ManagerScale.Bytes((journalAfter - journalBefore) / (double)Math.Max(1, placed))} | ≤ 1 KB |");
            Console.WriteLine($"| placed / refused or failed | {placed:N0} / {load.Failures.Count:N0} | all placed |");
            Console.WriteLine($"| lost / made twice, on the engines themselves ({(audit is null ? "not checked" : $"{audit.OnEngines:N0} containers")}) | {(audit is null ? "-" : $"{audit.Lost} / {audit.Duplicated}")} | 0 / 0 |");
            Console.WriteLine();

            Console.WriteLine("| manager | role | engines watched: before the load / at the end | creates sent to it | peak RSS MB | CPU s placing | CPU s per 1,000 placements | CPU s per minute idle | CPU s since start |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            for (int m = 0; m < managerCount; m++)
            {
                bool killed = failover && m == primary && killedAt is not null;
                string role = m == primary ? (killed ? "primary, SIGKILLed" : "primary") : m == primaryAfter ? "replica, primary after the kill" : "replica";
                string atEnd = killed ? "-" : EngineHomes.Watched(homesAfter, managers[m].ClusterPort).ToString("N0");
                string idleText = killed || stalled is not null ? "-" : idleCpu[m].ToString("F1");
                Console.WriteLine($"| manager-{m + 1} | {role} | {EngineHomes.Watched(homesBefore, managers[m].ClusterPort):N0} / {atEnd} | {load.CreatesSentTo[m]:N0} | " +
                                  $"{gauges[m].PeakRssKb / 1024.0:N0} | {cpuPlacing[m]:F1} | {cpuPlacing[m] * 1000 / Math.Max(1, placed):F1} | {idleText} | {gauges[m].CpuSeconds:F1} |");
            }
            Console.WriteLine();
            if (killedAt is { } kill) PrintFailover(kill, primary, load, audit, containers);
            Console.WriteLine($"Hollow farm: peak RSS {ProcFs.Status(farm.Pid, "VmHWM") / 1024.0:N0} MB, CPU {ProcFs.CpuSeconds(farm.Pid):F1} s; load average after {ProcFs.LoadAverage()}");
            foreach (string failure in load.Failures.Take(10)) Console.Error.WriteLine("failed: " + failure);
            foreach (var slow in load.SlowPlacements.OrderBy(s => s.Key).Take(20)) Console.Error.WriteLine($"slow: {slow.Key}: {slow.Value}");
            return stalled is null && placed == containers && listed >= containers && audit is { Lost: 0, Duplicated: 0 } && (!failover || killedAt is not null);
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS") is { Length: > 0 } logs)
            {
                Directory.CreateDirectory(logs);
                for (int m = 0; m < managers.Count; m++) File.WriteAllText(Path.Combine(logs, $"scale-manager-{m + 1}.log"), managers[m].Log);
                File.WriteAllText(Path.Combine(logs, "scale-farm.log"), farm.Log);
            }
            foreach (var manager in managers) await manager.DisposeAsync();
            foreach (var endpoint in endpoints) endpoint.Dispose();
            if (managers.Count > 0 && await ManagerScale.JournalTables(store, database) is { } tables) Console.WriteLine(tables);
        }
    }

    private static void PrintFailover(TimeSpan kill, int primary, ScaleLoad load, PlacementAudit? audit, int containers)
    {
        var stall = FailoverStall.From(load.Placements, kill);
        int before = load.Placements.Count(p => p.Acknowledged <= kill);
        Console.WriteLine("| failover | |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| manager-{primary + 1} (primary) SIGKILLed | {kill.TotalSeconds:F1} s into the load, {before:N0} of {containers:N0} acknowledged |");
        Console.WriteLine($"| first placement acknowledged after the kill, s | {Seconds(stall.FirstAcknowledged)} |");
        Console.WriteLine($"| first placement sent after the kill acknowledged after, s | {Seconds(stall.FirstSentAfter)} |");
        Console.WriteLine($"| longest gap between acknowledged placements, s: from the kill on / before it | {Seconds(stall.LongestGapFromKill)} / {Seconds(stall.LongestGapBefore)} |");
        var slowest = load.Placements.OrderByDescending(p => p.Acknowledged - p.Sent).Take(3).Select(p => $"{p.Name} {(p.Acknowledged - p.Sent).TotalSeconds:F1} s ({p.Requests} requests, sent {(p.Sent - kill).TotalSeconds:F1} s from the kill)");
        Console.WriteLine($"| slowest placements | {string.Join("; ", slowest)} |");
        Console.WriteLine($"| requests asked again / clients moved to another manager / creates asked again answered 409 (made by the lost request) | {load.Retries:N0} / {load.Moves:N0} / {load.MadeByEarlierAttempt:N0} |");
        Console.WriteLine($"| acknowledged / on the engines (each engine listed directly) | {audit?.Acknowledged.ToString("N0") ?? "-"} / {audit?.OnEngines.ToString("N0") ?? "-"} |");
        Console.WriteLine($"| lost / made twice / made but never acknowledged | {(audit is null ? "-" : $"{audit.Lost} / {audit.Duplicated} / {audit.Unacknowledged}")} |");
        Console.WriteLine();
    }

    // When half the containers are placed: the primary's last readings, then SIGKILL. Null if the load ended first.
    private static async Task<TimeSpan?> KillHalfway(Task<TimeSpan> halfway, Task clients, ScaleLoad load, ManagerProcess primary, ProcessGauge gauge)
    {
        if (await Task.WhenAny(halfway, clients) != halfway) return null;
        gauge.Read();
        primary.Crash();
        return load.Elapsed;
    }

    /// <summary>Of the <paramref name="candidates"/>, the manager whose <c>GET /info</c> says <c>Role: primary</c> (the one running the scheduler singleton).</summary>
    private static async Task<int> Primary(IReadOnlyList<HttpClient> endpoints, IEnumerable<int> candidates)
    {
        var deadline = DateTime.UtcNow + PrimaryPatience;
        do
        {
            foreach (int m in candidates)
            {
                try
                {
                    using var info = JsonDocument.Parse(await endpoints[m].GetStringAsync("/info"));
                    if (info.RootElement.GetProperty("SystemStatus").EnumerateArray().Any(pair => pair[0].GetString() == "Role" && pair[1].GetString() == "primary")) return m;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException)
                {
                    // Try the next manager, then all again.
                }
            }
            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);
        throw new InvalidOperationException($"no manager said Role: primary in {PrimaryPatience.TotalSeconds:F0} s");
    }

    private static HttpClient Endpoint(int port) =>
        new(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromMinutes(2), BaseAddress = new Uri($"http://127.0.0.1:{port}") };

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("F1") : "-";
}
