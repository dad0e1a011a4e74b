using Swarm.Scheduling.Strategies;

namespace Swarm.Scheduling.Tests.Strategies;

public class PlacementStrategiesTests
{
    [Theory]
    [InlineData("spread", PlacementStrategy.Spread)]
    [InlineData("binpack", PlacementStrategy.Binpack)]
    [InlineData("binpacking", PlacementStrategy.Binpack)]
    [InlineData("random", PlacementStrategy.Random)]
    public void Classics_strategy_names_parse(string name, PlacementStrategy expected)
    {
        Assert.Equal(expected, PlacementStrategies.TryParse(name, out _));
    }

    [Fact]
    public void Unknown_strategies_are_refused_with_classics_message()
    {
        Assert.Null(PlacementStrategies.TryParse("balanced", out string? error));
        Assert.Equal("strategy not supported", error);
    }

    [Fact]
    public void Names_print_as_docker_info_shows_them()
    {
        Assert.Equal("binpack", PlacementStrategy.Binpack.Name());
    }
}
