using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// Manager failover, measured as a user sees it: three <c>swarm manage</c> processes sharing a PostgreSQL journal
/// over a farm of hollow engines (simulated dockerd), clients creating containers continuously through the two
/// managers that survive. Each round SIGKILLs the primary, then SIGTERMs the next one, and reports how long after
/// each the first request sent after it was acknowledged, and whether any acknowledged container was lost or made twice.
/// </summary>
public static class ManagerFailover
{
    private static readonly TimeSpan LoadBefore = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task Run(int rounds, int engines, int clients)
    {
        Console.WriteLine($"Manager failover: 3 managers, PostgreSQL 15, {engines} hollow engines, {clients} clients creating continuously, {rounds} rounds");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine();
        Console.WriteLine("| round | SIGKILL of the primary: first create acknowledged after (s) | SIGTERM of the next: slowest create sent before it exited (s) | acknowledged | lost | made twice | refused |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");

        using var postgres = new PostgresScript();
        await using var farm = await FarmProcess.OnLoopback(engines);
        var killed = new List<double>();
        var stopped = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            var (kill, term) = await Round(round, postgres.NewDatabase(), farm, engines, clients);
            if (kill is { } k) killed.Add(k.TotalSeconds);
            if (term is { } t) stopped.Add(t.TotalSeconds);
        }
        Console.WriteLine();
        if (killed.Count > 0) Console.WriteLine($"SIGKILL: {killed.Min():F1}-{killed.Max():F1} s (target: under 10 s); SIGTERM: {(stopped.Count > 0 ? $"{stopped.Min():F1}-{stopped.Max():F1}" : "-")} s (target: under 2 s)");
    }

    private static async Task<(TimeSpan? Kill, TimeSpan? Term)> Round(int round, string store, FarmProcess farm, int engines, int clients)
    {
        var managers = new List<ManagerProcess>();
        try
        {
            var primary = await ManagerProcess.StartAsync(farm.Addresses, store);
            managers.Add(primary);
            await primary.WaitForHealthyNodes(engines);
            string[] seed = ["--seed", $"127.0.0.1:{primary.ClusterPort}"];
            var second = await ManagerProcess.StartAsync(farm.Addresses, store, seed);
            var third = await ManagerProcess.StartAsync(farm.Addresses, store, seed);
            managers.AddRange([second, third]);
            await second.WaitForHealthyNodes(engines);
            await third.WaitForHealthyNodes(engines);

            var load = PlacementLoad.Start([second, third], clients);
            await Task.Delay(LoadBefore);
            primary.Crash();
            var kill = await Measure(load, load.Elapsed);

            // second is the oldest survivor now, so the primary: stop it as an operator would, load going through third.
            await load.StopAsync();
            var calm = PlacementLoad.Start([third], clients);
            await Task.Delay(LoadBefore);
            var termAt = calm.Elapsed;
            await second.Stop();
            var exitedAt = calm.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            await calm.StopAsync();
            // The worst a client saw: the slowest create sent between SIGTERM and the primary's exit.
            var term = calm.Acknowledged.Values.Where(a => a.Sent >= termAt && a.Sent <= exitedAt).Select(a => (TimeSpan?)(a.Acknowledged - a.Sent)).Max();

            var acknowledged = load.Acknowledged.Values.Concat(calm.Acknowledged.Values).Select(a => a.Id).ToList();
            var onEngines = (await load.SwarmIdsOnEngines(farm.Addresses)).Concat(await calm.SwarmIdsOnEngines(farm.Addresses)).ToList();
            int lost = acknowledged.Count(id => !onEngines.Contains(id));
            int twice = onEngines.GroupBy(id => id).Count(g => g.Count() > 1);
            foreach (string refusal in load.Refused.Concat(calm.Refused)) Console.Error.WriteLine("refused: " + refusal);
            if (Environment.GetEnvironmentVariable("SWARM_BENCH_LOGS") is { Length: > 0 } logs)
            {
                foreach (var slow in calm.Acknowledged.Where(a => a.Value.Acknowledged - a.Value.Sent > TimeSpan.FromSeconds(5))) Console.Error.WriteLine($"slow: {slow.Key} {slow.Value}");
                for (int i = 0; i < managers.Count; i++) File.WriteAllText(Path.Combine(logs, $"round{round}-manager{i + 1}.log"), managers[i].Log);
            }
            Console.WriteLine($"| {round} | {Seconds(kill)} | {Seconds(term)} | {acknowledged.Count:N0} | {lost} | {twice} | {load.Refused.Count + calm.Refused.Count} |");
            return (kill, term);
        }
        finally
        {
            foreach (var manager in managers) await manager.DisposeAsync();
        }
    }

    // Keeps the load on until a request sent after the moment is acknowledged (or patience runs out), then a little longer.
    private static async Task<TimeSpan?> Measure(PlacementLoad load, TimeSpan moment)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (load.FirstAcknowledgedAfter(moment) is null && DateTime.UtcNow < deadline) await Task.Delay(100);
        await Task.Delay(TimeSpan.FromSeconds(1));
        return load.FirstAcknowledgedAfter(moment);
    }

    private static string Seconds(TimeSpan? time) => time is { } t ? t.TotalSeconds.ToString("F1") : "none in 30 s";
}
