using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Swarm.Scheduling.Tests.Properties;

/// <summary>Property 1: a placement never lands on an unhealthy node or on one that breaks a hard constraint.</summary>
public class HardConstraintProperties
{
    [Property(MaxTest = 200)]
    public Property Placement_satisfies_every_hard_constraint_and_health() =>
        Prop.ForAll(ClusterGenerators.Clusters(), ClusterGenerators.Requests, ClusterGenerators.SchedulerConfigs, (cluster, request, config) =>
        {
            var state = cluster.Build();
            var result = config.Create().Place(state, request.ToSchedulingRequest());
            if (!result.Succeeded) return;

            // Judge against the generated data, not the state the scheduler read.
            var node = RefNode.From(cluster.Node(result.Node!.Id));
            Assert.True(node.Health > 0, $"placed on {node.Id} whose health is {node.Health}");
            foreach (var constraint in ReferenceScheduler.ConstraintsOf(request).Where(c => !c.IsSoft))
            {
                Assert.True(ReferenceScheduler.ConstraintHolds(constraint, node),
                    $"placed on {node.Id} (name {node.Name}, labels {string.Join(",", node.Labels)}) which breaks {constraint}");
            }
        });

    [Property(MaxTest = 200)]
    public Property Placement_fails_when_no_healthy_node_meets_the_hard_constraints() =>
        Prop.ForAll(ClusterGenerators.Clusters(), ClusterGenerators.Requests, ClusterGenerators.SchedulerConfigs, (cluster, request, config) =>
        {
            var constraints = ReferenceScheduler.ConstraintsOf(request);
            bool anyEligible = cluster.ReferenceNodes.Any(n => n.Health > 0 && constraints.All(c => c.IsSoft || ReferenceScheduler.ConstraintHolds(c, n)));
            var result = config.Create().Place(cluster.Build(), request.ToSchedulingRequest());
            Assert.True(anyEligible || !result.Succeeded, $"placed on {result.Node?.Id} although no healthy node meets the hard constraints");
        });
}
