using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>
/// Keeps nodes that hold every container the request depends on: <c>--volumes-from</c>, <c>--link</c> and
/// <c>--net container:x</c>. Soft mode does not apply: a dependency can only be met where it lives.
/// </summary>
public sealed class DependencyFilter : IPlacementFilter
{
    private const string ContainerNetworkPrefix = "container:";

    public string Name => "dependency";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft)
    {
        foreach (string dependency in Dependencies(request))
        {
            candidates.IntersectWith(ContainerLookup.NodesHolding(state, dependency.Split(':')[0]));
        }
    }

    public IReadOnlyList<string> Describe(SchedulingRequest request)
    {
        var container = request.Container;
        var described = new List<string>();
        described.AddRange(container.VolumesFrom.Select(v => $"--volumes-from={v}"));
        described.AddRange(container.Links.Select(l => $"--link={l}"));
        if (container.NetworkMode.StartsWith(ContainerNetworkPrefix, StringComparison.Ordinal)) described.Add($"--net={container.NetworkMode}");
        return described;
    }

    private static IEnumerable<string> Dependencies(SchedulingRequest request)
    {
        var container = request.Container;
        foreach (string volume in container.VolumesFrom) yield return volume;
        foreach (string link in container.Links) yield return link;
        if (container.NetworkMode.StartsWith(ContainerNetworkPrefix, StringComparison.Ordinal)) yield return container.NetworkMode[ContainerNetworkPrefix.Length..];
    }
}
