using System.Diagnostics;
using Swarm.Scheduling;
using Swarm.Scheduling.Strategies;

namespace Swarm.Benchmarks;

/// <summary>
/// The placement figures the README quotes: decisions per second on one thread for spread and binpack at
/// 1,000 nodes / 30,000 containers, and the memory the cluster state takes. Prints a table.
/// </summary>
public static class PlacementTable
{
    public static void Run(int nodes, int containersPerNode, int decisions)
    {
        Console.WriteLine($"Placement benchmark: {nodes:N0} nodes, {nodes * containersPerNode:N0} containers, {decisions:N0} decisions per row");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine("Request: constraint:region==eu-*, affinity:image==nginx:1.25, -p <port>:80, 1 CPU every 8th, 64-256 MiB");
        Console.WriteLine();

        long before = GC.GetTotalMemory(forceFullCollection: true);
        var memoryProbe = new ScaleCluster(nodes, containersPerNode);
        long stateBytes = GC.GetTotalMemory(forceFullCollection: true) - before;
        GC.KeepAlive(memoryProbe);

        Console.WriteLine("| strategy | mode | decisions/s | µs/decision | placed | refused |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|");
        foreach (var strategy in new[] { PlacementStrategy.Spread, PlacementStrategy.Binpack })
        {
            Row(strategy, nodes, containersPerNode, decisions, record: false);
            Row(strategy, nodes, containersPerNode, decisions, record: true);
        }
        Console.WriteLine();
        Console.WriteLine($"Cluster state for {nodes * containersPerNode:N0} containers on {nodes:N0} nodes: {stateBytes / 1048576.0:F1} MB ({stateBytes / (nodes * containersPerNode):N0} bytes per container, indexes included)");
    }

    private static void Row(PlacementStrategy strategy, int nodes, int containersPerNode, int decisions, bool record)
    {
        var cluster = new ScaleCluster(nodes, containersPerNode);
        var scheduler = new Scheduler(SchedulerOptions.Default with { Strategy = strategy });
        var requests = Enumerable.Range(0, decisions).Select(_ => cluster.NextRequest()).ToArray();

        // Start each row from a collected heap, so that building the cluster is not billed to the decisions.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        int placed = 0, refused = 0;
        string? firstRefusal = null;
        var clock = Stopwatch.StartNew();
        foreach (var request in requests)
        {
            var decision = scheduler.Decide(cluster.State, request);
            if (!decision.Succeeded)
            {
                refused++;
                firstRefusal ??= decision.Error;
                continue;
            }
            placed++;
            if (record) cluster.State.AddContainer(decision.NodeId!, decision.PendingContainer!);
        }
        clock.Stop();
        double perSecond = decisions / clock.Elapsed.TotalSeconds;
        string mode = record ? "decide + record" : "decide only";
        Console.WriteLine($"| {strategy.Name()} | {mode} | {perSecond:N0} | {1e6 / perSecond:F1} | {placed:N0} | {refused:N0} |");
        if (firstRefusal is not null) Console.Error.WriteLine($"  first refusal ({strategy.Name()}, {mode}): {firstRefusal.ReplaceLineEndings(" ")}");
    }
}
