using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;
using Swarm.Scheduling.Tests.Support;

namespace Swarm.Scheduling.Tests.Requests;

public class ContainerModeTests
{
    [Fact]
    public void Mode_global_from_env_becomes_a_label_and_leaves_the_env()
    {
        var read = ContainerMode.TryRead(new ContainerRequest { Env = ["A=1", "mode:global"] }, out bool global, out string? error);
        Assert.Null(error);
        Assert.True(global);
        Assert.Equal(["A=1"], read!.Env);
        Assert.Equal("global", read.Labels[ContainerMode.LabelName]);
    }

    [Fact]
    public void The_label_alone_makes_it_global_and_no_mode_leaves_the_request_as_it_was()
    {
        var labelled = new ContainerRequest { Labels = new Dictionary<string, string> { ["com.docker.swarm.mode"] = "global" } };
        Assert.NotNull(ContainerMode.TryRead(labelled, out bool global, out _));
        Assert.True(global);
        var plain = new ContainerRequest { Env = ["A=1"] };
        Assert.Same(plain, ContainerMode.TryRead(plain, out global, out _));
        Assert.False(global);
    }

    [Theory]
    [InlineData("mode:replicated", "invalid mode: replicated (global or default)")]
    [InlineData("mode:default", "conflicting modes: default, global")]
    public void A_bad_or_conflicting_mode_is_refused(string env, string expected)
    {
        var request = new ContainerRequest { Env = [env], Labels = env == "mode:default" ? new Dictionary<string, string> { ["com.docker.swarm.mode"] = "global" } : new Dictionary<string, string>() };
        Assert.Null(ContainerMode.TryRead(request, out _, out string? error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Eligible_nodes_are_the_available_ones_meeting_hard_constraints_soft_ones_ignored()
    {
        var cluster = new TestCluster().Node("node-1", labels: "region=eu").Node("node-2", labels: "region=us").Node("node-3", labels: "region=eu").Node("node-4", health: 0, labels: "region=eu");
        Assert.Equal(["node-1", "node-3"], Eligible(cluster, "constraint:region==eu"));
        Assert.Equal(["node-1", "node-2", "node-3"], Eligible(cluster, "constraint:region==~mars"));
        cluster.State.SetAvailability(cluster.NodeNamed("node-3").Id, NodeAvailability.Pause);
        Assert.Equal(["node-1"], Eligible(cluster, "constraint:region==eu"));
    }

    private static string[] Eligible(TestCluster cluster, string env) =>
        [.. cluster.Scheduler.EligibleNodes(cluster.State, SchedulingRequest.TryCreate(new ContainerRequest { Image = "busybox", Env = [env] }, out _)!).Select(n => n.Name)];
}
