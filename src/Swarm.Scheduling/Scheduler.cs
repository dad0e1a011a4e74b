using Swarm.Scheduling.Filters;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling;

/// <summary>
/// Classic Swarm's placement pipeline over an indexed <see cref="ClusterState"/>: the filters in order, then
/// the strategy; when that fails, once more without soft expressions. Deterministic for a given seed.
/// Not thread-safe (it owns a random source); one per scheduler actor.
/// </summary>
public sealed class Scheduler(SchedulerOptions options)
{
    private readonly Random random = new(options.Seed);

    public SchedulerOptions Options => options;

    /// <summary>Chooses a node for <paramref name="request"/>, leaving the state as it was.</summary>
    public PlacementResult Place(ClusterState state, SchedulingRequest request)
    {
        var result = Pass(state, request, soft: true);
        if (!result.Succeeded && request.HasSoftExpressions) result = Pass(state, request, soft: false);
        return result;
    }

    /// <summary>
    /// Everything classic did under its scheduler lock for a create: refuse a taken name, keep or assign the
    /// swarm ID (stored as the <c>com.docker.swarm.id</c> label), choose a node, describe the pending container.
    /// </summary>
    public PlacementDecision Decide(ClusterState state, SchedulingRequest request)
    {
        string name = request.Container.Name.TrimStart('/');
        if (name.Length > 0 && state.IsNameInUse(name))
        {
            return PlacementDecision.Failed(PlacementFailure.NameConflict, SchedulingErrors.NameConflict(name));
        }

        string swarmId = request.SwarmId;
        if (swarmId.Length == 0)
        {
            swarmId = SwarmIds.New(random, state.IsIdInUse);
            request = request.WithLabel(SchedulingRequest.SwarmIdLabel, swarmId);
        }

        var placement = Place(state, request);
        if (!placement.Succeeded) return PlacementDecision.Failed(PlacementFailure.Unschedulable, placement.Error!);
        return new PlacementDecision
        {
            NodeId = placement.Node!.Id,
            SwarmId = swarmId,
            Request = request,
            PendingContainer = request.ToPendingContainer(swarmId),
        };
    }

    /// <summary>
    /// Every node the request may run on (available, and passing every filter with its hard expressions only; soft
    /// ones are preferences, which a container on every node cannot have): where a global container runs.
    /// </summary>
    public IReadOnlyList<ClusterNode> EligibleNodes(ClusterState state, SchedulingRequest request)
    {
        var candidates = state.AllNodes.Clone();
        candidates.ExceptWith(state.UnavailableNodes);
        foreach (var filter in options.Filters)
        {
            if (candidates.IsEmpty) break;
            filter.Apply(state, request, candidates, soft: false);
        }
        return [.. state.Nodes.Where(node => candidates.Contains(node.Slot)).OrderBy(node => node.Name, StringComparer.Ordinal)];
    }

    private PlacementResult Pass(ClusterState state, SchedulingRequest request, bool soft)
    {
        var candidates = state.AllNodes.Clone();
        candidates.ExceptWith(state.UnavailableNodes);
        if (candidates.IsEmpty && !state.AllNodes.IsEmpty) return PlacementResult.Failure(SchedulingErrors.NoAvailableNode);
        var filters = options.Filters;
        for (int i = 0; i < filters.Count; i++)
        {
            filters[i].Apply(state, request, candidates, soft);
            if (!candidates.IsEmpty) continue;
            if (filters[i] is HealthFilter) return PlacementResult.Failure(SchedulingErrors.NoHealthyNode);
            return PlacementResult.Failure(SchedulingErrors.UnsatisfiedConditions(filters.Take(i + 1).Select(f => f.Describe(request))));
        }

        var chosen = options.Strategy == PlacementStrategy.Random
            ? PickRandom(state, candidates)
            : PickBest(state, request, candidates);
        return chosen is null ? PlacementResult.Failure(SchedulingErrors.NoResources) : PlacementResult.Success(chosen);
    }

    /// <summary>
    /// The first node of classic's ranking without sorting: spread wants the lowest weight, then the fewest
    /// containers; binpack the highest weight, then the most containers. Exact ties are drawn at random
    /// (classic's order among them was effectively random too), one pass, no allocation.
    /// </summary>
    private ClusterNode? PickBest(ClusterState state, SchedulingRequest request, NodeSet candidates)
    {
        bool binpack = options.Strategy == PlacementStrategy.Binpack;
        long healthFactor = NodeWeight.HealthFactor(options.Strategy);
        long cpus = request.Container.Cpus, memory = request.Container.Memory;

        ClusterNode? best = null;
        long bestWeight = 0;
        int bestContainers = 0, ties = 0;
        foreach (int slot in candidates)
        {
            var node = state.NodeAt(slot);
            if (NodeWeight.Of(node, cpus, memory, options.Overcommit, healthFactor) is not long weight) continue;

            int order = best is null ? -1 : Compare(weight, node.ContainerCount, bestWeight, bestContainers) * (binpack ? -1 : 1);
            if (order < 0)
            {
                (best, bestWeight, bestContainers, ties) = (node, weight, node.ContainerCount, 1);
            }
            else if (order == 0 && random.Next(++ties) == 0)
            {
                best = node;
            }
        }
        return best;
    }

    private static int Compare(long weight, int containers, long otherWeight, int otherContainers) =>
        weight != otherWeight ? weight.CompareTo(otherWeight) : containers.CompareTo(otherContainers);

    private ClusterNode? PickRandom(ClusterState state, NodeSet candidates)
    {
        int count = candidates.Count;
        if (count == 0) return null;
        int target = random.Next(count);
        foreach (int slot in candidates)
        {
            if (target-- == 0) return state.NodeAt(slot);
        }
        return null;
    }
}
