using BenchmarkDotNet.Attributes;
using Swarm.Scheduling;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.Strategies;

namespace Swarm.Benchmarks;

/// <summary>BenchmarkDotNet view of one placement decision at 1,000 nodes / 30,000 containers.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class PlacementBenchmarks
{
    private ScaleCluster cluster = null!;
    private Scheduler scheduler = null!;
    private SchedulingRequest[] requests = [];
    private int next;

    [Params(PlacementStrategy.Spread, PlacementStrategy.Binpack)]
    public PlacementStrategy Strategy { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        cluster = new ScaleCluster(1000, 30);
        scheduler = new Scheduler(SchedulerOptions.Default with { Strategy = Strategy });
        requests = [.. Enumerable.Range(0, 10_000).Select(_ => cluster.NextRequest())];
    }

    [Benchmark]
    public PlacementDecision Decide() => scheduler.Decide(cluster.State, requests[next++ % requests.Length]);
}
