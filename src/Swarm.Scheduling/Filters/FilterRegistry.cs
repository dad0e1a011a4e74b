namespace Swarm.Scheduling.Filters;

/// <summary>The filters <c>swarm manage --filter</c> can name, in classic Swarm's default order.</summary>
public static class FilterRegistry
{
    private static readonly IPlacementFilter[] Registered =
    [
        new HealthFilter(),
        new PortFilter(),
        new ContainerSlotsFilter(),
        new DependencyFilter(),
        new AffinityFilter(),
        new ConstraintFilter(),
        new WhitelistFilter(),
    ];

    /// <summary><c>health, port, containerslots, dependency, affinity, constraint, whitelist</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Registered.Select(f => f.Name)];

    public static IReadOnlyList<IPlacementFilter> Default => Registered;

    /// <summary>The named filters, in the order given; null and classic's message for an unknown name.</summary>
    public static IReadOnlyList<IPlacementFilter>? TryCreate(IEnumerable<string> names, out string? error)
    {
        var selected = new List<IPlacementFilter>();
        foreach (string name in names)
        {
            var filter = Array.Find(Registered, f => f.Name == name);
            if (filter is null)
            {
                error = $"unable to find filter: {name}";
                return null;
            }
            selected.Add(filter);
        }
        error = null;
        return selected;
    }
}
