using System.Runtime.InteropServices;
using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.State;

/// <summary>Which nodes bind which host ports, and on which address, for the port filter's bridge mode.</summary>
internal sealed class PortIndex
{
    private readonly Dictionary<string, Dictionary<(int Slot, string Ip), int>> byHostPort = new(StringComparer.Ordinal);

    public void Add(int slot, PortBinding binding)
    {
        if (binding.HostPort.Length == 0) return;
        if (!byHostPort.TryGetValue(binding.HostPort, out var holders)) byHostPort[binding.HostPort] = holders = [];
        CollectionsMarshal.GetValueRefOrAddDefault(holders, (slot, Normalize(binding)), out _)++;
    }

    public void Remove(int slot, PortBinding binding)
    {
        if (binding.HostPort.Length == 0 || !byHostPort.TryGetValue(binding.HostPort, out var holders)) return;
        var key = (slot, Normalize(binding));
        if (!holders.TryGetValue(key, out int count)) return;
        if (count > 1) holders[key] = count - 1;
        else holders.Remove(key);
        if (holders.Count == 0) byHostPort.Remove(binding.HostPort);
    }

    /// <summary>Adds the nodes where <paramref name="requested"/> would clash: same host port on the same address, or either side on every interface.</summary>
    public void AddConflicts(PortBinding requested, NodeSet set)
    {
        if (requested.HostPort.Length == 0 || !byHostPort.TryGetValue(requested.HostPort, out var holders)) return;
        foreach (var (slot, ip) in holders.Keys)
        {
            if (requested.BindsAllInterfaces || ip.Length == 0 || ip == requested.HostIp) set.Add(slot);
        }
    }

    private static string Normalize(PortBinding binding) => binding.BindsAllInterfaces ? "" : binding.HostIp;
}
