using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Strategies;

public class OvercommitTests
{
    [Fact]
    public void The_default_five_percent_adds_no_cpu_to_a_two_cpu_node_but_adds_memory()
    {
        Assert.Equal(5, Overcommit.Default.Percent);
        Assert.Equal(2, Overcommit.Default.Apply(2));
        Assert.Equal(21, Overcommit.Default.Apply(20));
        Assert.Equal(105 * GiB / 100, Overcommit.Default.Apply(GiB));
    }

    [Fact]
    public void Memory_beyond_raw_capacity_fits_within_the_overcommit()
    {
        var cluster = new TestCluster().Node("node-1", memory: 100 * GiB);
        Assert.Equal("node-1", cluster.Place(Request() with { Memory = 104 * GiB }));
        Assert.Equal(SchedulingErrors.NoResources, cluster.Place(Request() with { Memory = 106 * GiB }));
    }

    [Fact]
    public void Negative_ratios_shrink_capacity()
    {
        var options = SchedulerOptions.Default with { Overcommit = Overcommit.TryCreate(-0.5, out _)!.Value };
        var cluster = new TestCluster(options: options).Node("node-1", memory: 4 * GiB);
        Assert.Equal(SchedulingErrors.NoResources, cluster.Place(Request() with { Memory = 3 * GiB }));
        Assert.Equal("node-1", cluster.Place(Request() with { Memory = 2 * GiB }));
    }

    [Theory]
    [InlineData(-1, "swarm.overcommit should be larger than -1, -1.000000 is invalid")]
    [InlineData(-2.5, "swarm.overcommit should be larger than -1, -2.500000 is invalid")]
    public void Ratios_not_above_minus_one_are_refused_with_classics_message(double ratio, string message)
    {
        Assert.Null(Overcommit.TryCreate(ratio, out string? error));
        Assert.Equal(message, error);
    }
}
