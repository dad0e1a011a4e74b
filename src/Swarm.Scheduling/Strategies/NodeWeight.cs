using Swarm.Scheduling.Model;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Strategies;

/// <summary>
/// Classic Swarm's node score: CPU% + memory% the node would reach with the request, plus a health term,
/// in integer arithmetic. A resource the request does not ask for scores 100 on every node.
/// </summary>
public static class NodeWeight
{
    /// <summary>The weight, or null when the request does not fit the node's capacity (overcommit included).</summary>
    public static long? Of(ClusterNode node, long requestedCpus, long requestedMemory, Overcommit overcommit, long healthFactor)
    {
        long totalCpus = node.TotalCpus(overcommit);
        long totalMemory = node.TotalMemory(overcommit);
        if (totalMemory < requestedMemory || totalCpus < requestedCpus) return null;

        long cpuScore = requestedCpus > 0 ? (node.UsedCpus + requestedCpus) * 100 / totalCpus : 100;
        long memoryScore = requestedMemory > 0 ? (node.UsedMemory + requestedMemory) * 100 / totalMemory : 100;
        if (cpuScore > 100 || memoryScore > 100) return null;
        return cpuScore + memoryScore + healthFactor * node.HealthIndicator;
    }

    /// <summary>Spread prefers healthy nodes by subtracting health, binpack by adding it (it sorts the other way).</summary>
    public static long HealthFactor(PlacementStrategy strategy) => strategy == PlacementStrategy.Binpack ? 10 : -10;
}
