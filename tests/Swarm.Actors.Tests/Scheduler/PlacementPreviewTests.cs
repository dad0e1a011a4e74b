using Swarm.Actors.Scheduler;
using Swarm.Actors.Tests.Support;
using Swarm.Engines.View;
using Swarm.Scheduling;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Scheduler;

/// <summary>A one-off placement (for a build): the scheduler's filters, strategy and reservations, nothing recorded.</summary>
public class PlacementPreviewTests
{
    private static SchedulerState WithNodes(params EngineSnapshot[] engines)
    {
        var state = new SchedulerState(SchedulerOptions.Default);
        foreach (var engine in engines) state.ApplyEngine(engine);
        return state;
    }

    private static ContainerRequest Build(long cpus = 0, long memory = 0, params string[] env) => new() { Env = env, Cpus = cpus, Memory = memory };

    private static string NodeName(SchedulerState state, object answer) =>
        state.Cluster.FindNode(Assert.IsType<SchedulerCommands.PlacementPreview>(answer).NodeId)!.Description.Name;

    [Theory]
    [InlineData("node-1")]
    [InlineData("node-2")]
    [InlineData("node-3")]
    public void A_constraint_chooses_the_node_and_leaves_the_hint_out_of_the_env(string node)
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"), EngineSnapshots.Healthy("node-2"), EngineSnapshots.Healthy("node-3"));
        var answer = state.Preview(Build(env: ["constraint:node==" + node, "KEEP=1"]));
        Assert.Equal(node, NodeName(state, answer));
        Assert.Equal(["KEEP=1"], ((SchedulerCommands.PlacementPreview)answer).Request.Env);
    }

    [Fact]
    public void Nothing_is_recorded_or_reserved()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 2));
        string digest = state.Digest();
        for (int i = 0; i < 5; i++) Assert.Equal("node-1", NodeName(state, state.Preview(Build(cpus: 2))));
        Assert.Equal(0, state.ContainerCount);
        Assert.Equal(0, state.Cluster.Nodes.Single().UsedCpus);
        Assert.Equal(digest, state.Digest());
    }

    [Fact]
    public void Reservations_of_recorded_placements_count()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1", cpus: 2), EngineSnapshots.Healthy("node-2", cpus: 2));
        var placed = state.Decide(new SchedulerCommands.PlaceContainer(new ContainerRequest { Name = "big", Image = "busybox", Cpus = 2, Env = ["constraint:node==node-1"] })).ToRecord!;
        state.Apply(placed);
        Assert.Equal("node-2", NodeName(state, state.Preview(Build(cpus: 2))));
        var full = Assert.IsType<SchedulerCommands.Rejected>(state.Preview(Build(cpus: 2, env: "constraint:node==node-1")));
        Assert.Equal((PlacementFailure.Unschedulable, SchedulingErrors.NoResources), (full.Failure, full.Error));
    }

    [Fact]
    public void An_unsatisfiable_constraint_is_refused_with_classics_message()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"));
        var answer = Assert.IsType<SchedulerCommands.Rejected>(state.Preview(Build(env: "constraint:node==node-9")));
        Assert.Equal(PlacementFailure.Unschedulable, answer.Failure);
        Assert.StartsWith("Unable to find a node that satisfies the following conditions", answer.Error);
        Assert.Contains("node==node-9", answer.Error);
    }

    [Fact]
    public void A_malformed_expression_is_an_invalid_request()
    {
        var state = WithNodes(EngineSnapshots.Healthy("node-1"));
        var answer = Assert.IsType<SchedulerCommands.Rejected>(state.Preview(Build(env: "constraint:a==b")));
        Assert.Equal((PlacementFailure.InvalidRequest, "Key 'a' is invalid"), (answer.Failure, answer.Error));
    }

    [Fact]
    public void Without_nodes_there_is_no_healthy_node()
    {
        var answer = Assert.IsType<SchedulerCommands.Rejected>(WithNodes().Preview(Build()));
        Assert.Equal(SchedulingErrors.NoHealthyNode, answer.Error);
    }
}
