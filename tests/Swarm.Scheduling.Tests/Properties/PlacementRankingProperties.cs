using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>
/// Against the naive reference: a placement succeeds exactly when some node passes the filters and fits, soft
/// constraints are honoured whenever some node can honour them, and spread/binpack choose a best-ranked node
/// (lowest, resp. highest, weight; then fewest, resp. most, containers).
/// </summary>
public class PlacementRankingProperties
{
    [Property(MaxTest = 200)]
    public Property Placement_picks_a_best_ranked_feasible_node() =>
        Prop.ForAll(ClusterGenerators.Clusters(), ClusterGenerators.Requests, ClusterGenerators.SchedulerConfigs, (cluster, request, config) =>
        {
            var candidates = ReferenceScheduler.Candidates(cluster.ReferenceNodes, request, ReferenceScheduler.ConstraintsOf(request), config.Strategy);
            var result = config.Create().Place(cluster.Build(), request.ToSchedulingRequest());
            Assert.True(result.Succeeded == (candidates.Count > 0),
                $"succeeded={result.Succeeded} ({result.Error}) but the reference finds {candidates.Count} candidates: {string.Join(",", candidates.Select(c => c.Id))}");
            if (!result.Succeeded) return;

            var chosen = candidates.SingleOrDefault(c => c.Id == result.Node!.Id);
            Assert.True(chosen is not null, $"chose {result.Node!.Id}, not among the reference candidates {string.Join(",", candidates.Select(c => c.Id))}");
            if (config.Strategy == PlacementStrategy.Random) return;

            var ranked = candidates
                .Select(c => (Node: c, Weight: ReferenceScheduler.Weight(c, request.Cpus, request.Memory, config.Strategy)!.Value))
                .Select(c => (c.Node, Rank: config.Strategy == PlacementStrategy.Spread ? (c.Weight, c.Node.Containers.Count) : (-c.Weight, -c.Node.Containers.Count)))
                .OrderBy(c => c.Rank)
                .ToList();
            var best = ranked[0].Rank;
            var chosenRank = ranked.Single(c => c.Node.Id == chosen.Id).Rank;
            Assert.True(chosenRank == best,
                $"chose {chosen.Id} ranked {chosenRank}, best is {best} ({string.Join(",", ranked.Where(r => r.Rank == best).Select(r => r.Node.Id))})");
        });
}
