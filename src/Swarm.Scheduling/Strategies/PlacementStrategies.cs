namespace Swarm.Scheduling.Strategies;

public static class PlacementStrategies
{
    /// <summary>Parses a <c>--strategy</c> value; <c>binpacking</c> is accepted as classic's old spelling.</summary>
    public static PlacementStrategy? TryParse(string name, out string? error)
    {
        error = null;
        switch (name)
        {
            case "spread": return PlacementStrategy.Spread;
            case "binpack" or "binpacking": return PlacementStrategy.Binpack;
            case "random": return PlacementStrategy.Random;
            default:
                error = "strategy not supported";
                return null;
        }
    }

    public static string Name(this PlacementStrategy strategy) => strategy.ToString().ToLowerInvariant();
}
