using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class ConstraintFilterTests
{
    private static TestCluster Cluster() =>
        new TestCluster()
            .Node("node-1", labels: ["region=us-east", "storage=ssd", "storagedriver=vfs"])
            .Node("node-2", labels: ["region=us-west", "storage=disk", "storagedriver=vfs"])
            .Node("node-3", labels: ["region=eu-central", "storagedriver=overlay2"]);

    [Theory]
    [InlineData("constraint:node==node-2", new[] { "node-2" })]
    [InlineData("constraint:node!=node-2", new[] { "node-1", "node-3" })]
    [InlineData("constraint:node==/node-[12]/", new[] { "node-1", "node-2" })]
    [InlineData("constraint:node==/(?i)NODE-3/", new[] { "node-3" })]
    [InlineData("constraint:node!=/node-[01]/", new[] { "node-2", "node-3" })]
    [InlineData("constraint:region==us*", new[] { "node-1", "node-2" })]
    [InlineData("constraint:region!=us*", new[] { "node-3" })]
    [InlineData("constraint:storage==ssd", new[] { "node-1" })]
    [InlineData("constraint:storage!=ssd", new[] { "node-2", "node-3" })]
    [InlineData("constraint:storagedriver==vfs", new[] { "node-1", "node-2" })]
    [InlineData("constraint:REGION==eu-central", new[] { "node-3" })]
    [InlineData("constraint:region==/eu/", new[] { "node-3" })]
    public void Constraints_select_nodes_by_name_id_and_labels(string env, string[] expected)
    {
        var cluster = Cluster();
        var placed = Enumerable.Range(0, 30).Select(_ => cluster.Place(Request(env))).ToHashSet();
        Assert.Equal(expected, placed.Order());
    }

    [Fact]
    public void The_node_key_matches_the_engine_id_too()
    {
        var cluster = Cluster();
        Assert.Equal("node-3", cluster.Place(Request("constraint:node==" + IdOf("node-3"))));
    }

    [Fact]
    public void A_missing_label_compares_as_the_empty_string()
    {
        var cluster = Cluster();
        var placed = Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("constraint:storage!=/./"))).ToHashSet();
        Assert.Equal(["node-3"], placed);
    }

    [Fact]
    public void Several_constraints_all_apply_and_the_label_form_merges_with_env()
    {
        var cluster = Cluster();
        var request = Request("constraint:region==us*") with
        {
            Labels = new Dictionary<string, string> { ["com.docker.swarm.constraints"] = "[\"storage==disk\"]" },
        };
        Assert.Equal("node-2", cluster.Place(request));
    }

    [Fact]
    public void An_unsatisfiable_constraint_gives_classics_error()
    {
        Assert.Equal(
            "Unable to find a node that satisfies the following conditions \n[available container slots]\n[region==mars]",
            Cluster().Place(Request("constraint:region==mars")));
    }

    [Fact]
    public void Soft_constraints_are_preferred_then_dropped()
    {
        var cluster = Cluster();
        for (int i = 0; i < 5; i++) Assert.Equal("node-3", cluster.Place(Request("constraint:region==~eu*")));
        Assert.StartsWith("node-", cluster.Place(Request("constraint:region==~mars")));
        Assert.Equal("node-1", cluster.Place(Request("constraint:region==~mars", "constraint:storage==ssd")));
    }

    [Fact]
    public void Relabelled_and_renamed_nodes_are_seen_at_once()
    {
        var cluster = Cluster();
        Assert.Equal("node-3", cluster.Place(Request("constraint:region==eu*")));
        var node3 = cluster.NodeNamed("node-3");
        cluster.State.AddNode(node3.Description with { Name = "node-9", Labels = new Dictionary<string, string> { ["region"] = "ap-south" } });
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("constraint:region==eu*")));
        Assert.Equal("node-9", cluster.Place(Request("constraint:node==node-9")));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("constraint:node==node-3")));
    }

    [Fact]
    public void Removed_nodes_are_gone_from_every_index()
    {
        var cluster = Cluster();
        cluster.State.RemoveNode(IdOf("node-1"));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request("constraint:storage==ssd")));
        var placed = Enumerable.Range(0, 20).Select(_ => cluster.Place(Request("constraint:region!=eu*"))).ToHashSet();
        Assert.Equal(["node-2"], placed);
    }

    [Fact]
    public void The_filter_lines_name_only_filters_up_to_the_failing_one()
    {
        var cluster = Cluster().Container("node-1", Running("web", Port("80")));
        var request = Request("constraint:node==node-1", "affinity:container==web") with { PortBindings = [Port("80")] };
        Assert.Equal(
            "Unable to find a node that satisfies the following conditions \n[port 80 (Bridge mode)]\n[available container slots]\n[container==web (soft=false)]",
            cluster.Place(request));
    }
}
