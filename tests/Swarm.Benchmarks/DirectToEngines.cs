using System.Diagnostics;
using Swarm.Testing;

namespace Swarm.Benchmarks;

/// <summary>
/// The scale run's ceiling on this machine: the same create + start bodies, clients and hollow engines, sent straight
/// to the engines (container N to engine N mod their count) with no manager between. What is left of the cores when
/// only the clients and the farm use them bounds what any manager in the path could reach here.
/// </summary>
internal static class DirectToEngines
{
    public sealed record Ceiling(double PlacementsPerSecond, string Latencies, double FarmCpuSeconds, int Failures);

    public static async Task<Ceiling> Run(int engines, int containers, int concurrency)
    {
        // A farm of its own: the manager's run left its containers (and names) on the first one.
        await using var farm = await FarmProcess.OnLoopback(engines, ManagerScale.FarmFlags);
        using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var clients = farm.Addresses.Select(address => new HttpClient(handler, disposeHandler: false)
        {
            BaseAddress = new Uri("http://" + address),
            Timeout = TimeSpan.FromMinutes(2),
        }).ToList();
        try
        {
            double cpuBefore = ProcFs.CpuSeconds(farm.Pid);
            var load = new ScaleLoad(clients, containers, ManagerScale.Body, spreadByRequest: true);
            var clock = Stopwatch.StartNew();
            await load.Run(concurrency);
            var elapsed = clock.Elapsed;
            foreach (string failure in load.Failures.Take(10)) Console.Error.WriteLine("failed (direct): " + failure);
            return new Ceiling(load.Placements.Count / elapsed.TotalSeconds, ManagerScale.Percentiles(load.Latencies), ProcFs.CpuSeconds(farm.Pid) - cpuBefore, load.Failures.Count);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }
}
