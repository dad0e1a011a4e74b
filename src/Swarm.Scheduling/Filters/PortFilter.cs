using Swarm.Scheduling.Requests;
using Swarm.Scheduling.State;

namespace Swarm.Scheduling.Filters;

/// <summary>
/// Keeps nodes where the requested host ports are free. Containers in any state hold their ports, pending ones
/// included, so concurrent creates of the same port land on different nodes. In host network mode the
/// exposed ports of other host-mode containers count instead.
/// </summary>
public sealed class PortFilter : IPlacementFilter
{
    public string Name => "port";

    public void Apply(ClusterState state, SchedulingRequest request, NodeSet candidates, bool soft)
    {
        var container = request.Container;
        var taken = new NodeSet(state.SlotCapacity);
        if (container.NetworkMode == "host")
        {
            foreach (string port in container.ExposedPorts) state.HostModePorts.AddHolders(port, taken);
        }
        else
        {
            foreach (var binding in container.PortBindings) state.BridgePorts.AddConflicts(binding, taken);
        }
        candidates.ExceptWith(taken);
    }

    public IReadOnlyList<string> Describe(SchedulingRequest request)
    {
        var container = request.Container;
        return container.NetworkMode == "host"
            ? [.. container.ExposedPorts.Select(port => $"port {port} (Host mode)")]
            : [.. container.PortBindings.Select(binding => $"port {binding.HostPort} (Bridge mode)")];
    }
}
