using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class ContainerSlotsFilterTests
{
    [Fact]
    public void A_node_takes_no_more_containers_than_its_slots_counting_pending_and_stopped_ones()
    {
        var cluster = new TestCluster().Node("node-1", labels: "containerslots=2")
            .Container("node-1", Running("old") with { State = ContainerState.Exited });
        Assert.Equal("node-1", cluster.Run(Request()));
        Assert.Equal("Unable to find a node that satisfies the following conditions \n[available container slots]", cluster.Run(Request()));
    }

    [Fact]
    public void Removing_a_container_frees_a_slot()
    {
        var cluster = new TestCluster().Node("node-1", labels: "containerslots=1").Container("node-1", Running("old"));
        cluster.State.RemoveContainer(IdOf("node-1"), IdFor("old"));
        Assert.Equal("node-1", cluster.Place(Request()));
    }

    [Theory]
    [InlineData("many")]
    [InlineData("2.5")]
    [InlineData("")]
    public void A_label_that_is_not_an_integer_means_unlimited(string value)
    {
        var cluster = new TestCluster().Node("node-1", labels: "containerslots=" + value);
        for (int i = 0; i < 5; i++) Assert.Equal("node-1", cluster.Run(Request()));
    }

    [Fact]
    public void Changing_the_label_takes_effect_at_once()
    {
        var cluster = new TestCluster().Node("node-1", labels: "containerslots=5").Container("node-1", Running("a"));
        var node = cluster.NodeNamed("node-1");
        cluster.State.AddNode(node.Description with { Labels = new Dictionary<string, string> { ["containerslots"] = "1" } });
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Request()));
    }

    [Fact]
    public void Full_nodes_are_skipped_in_favour_of_others()
    {
        var cluster = new TestCluster().Node("node-1", labels: "containerslots=1").Node("node-2", labels: "containerslots=3");
        var placed = Enumerable.Range(0, 4).Select(_ => cluster.Run(Request())).ToList();
        Assert.Equal(1, placed.Count(n => n == "node-1"));
        Assert.Equal(3, placed.Count(n => n == "node-2"));
    }
}
