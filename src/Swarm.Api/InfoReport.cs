using Swarm.Actors.Manager;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// <c>GET /info</c> as classic Swarm answered it: cluster totals plus the <c>SystemStatus</c> tree the docker CLI
/// prints (Role, Strategy, Filters, Nodes, and per node ID, Status, Containers, Reserved CPUs/Memory, Labels,
/// UpdatedAt, ServerVersion, and ours: Availability), nodes in natural order of their names.
/// </summary>
public static class InfoReport
{
    /// <param name="availabilities">The nodes an operator paused or drained (by engine ID); null when the scheduler did not answer.</param>
    public static Dictionary<string, object?> Build(IReadOnlyList<EngineSnapshot> engines, SwarmManager manager, string strategy, IReadOnlyList<string> filters,
        IReadOnlyDictionary<string, NodeAvailability>? availabilities)
    {
        var overcommit = Overcommit.Default;
        var status = new List<string[]>();
        if (manager.IsPrimary) status.Add(["Role", "primary"]);
        else
        {
            status.Add(["Role", "replica"]);
            status.Add(["Primary", manager.PrimaryAddress]);
        }
        status.Add(["Strategy", strategy]);
        status.Add(["Filters", string.Join(", ", filters)]);
        status.Add(["Nodes", engines.Count.ToString()]);
        foreach (var engine in engines.OrderBy(e => e.Name, NaturalOrder.Instance))
        {
            long cpus = overcommit.Apply(engine.Specs?.Cpus ?? 0), memory = overcommit.Apply(engine.Specs?.Memory ?? 0);
            status.Add([" " + (engine.Name.Length > 0 ? engine.Name : "(unknown)"), engine.Address]);
            status.Add(["  └ ID", engine.Id]);
            status.Add(["  └ Status", engine.Health.Status.ToString()]);
            status.Add(["  └ Containers", ContainerSummary(engine)]);
            status.Add(["  └ Reserved CPUs", $"{engine.ReservedCpus} / {cpus}"]);
            status.Add(["  └ Reserved Memory", $"{ByteSize.Format(engine.ReservedMemory)} / {ByteSize.Format(memory)}"]);
            status.Add(["  └ Labels", string.Join(", ", engine.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))]);
            if (engine.Health.LastError.Length > 0) status.Add(["  └ Error", engine.Health.LastError]);
            status.Add(["  └ UpdatedAt", engine.UpdatedAt == default ? "" : engine.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ")]);
            status.Add(["  └ ServerVersion", engine.Specs?.ServerVersion ?? ""]);
            // Ours, after classic's lines: what docker node update --availability set.
            status.Add(["  └ Availability", availabilities is null ? "unknown" : NodeObject.Name(availabilities.GetValueOrDefault(engine.Id, NodeAvailability.Active))]);
        }

        var healthy = engines.Where(e => e.Health.Status is EngineStatus.Healthy or EngineStatus.Unhealthy).ToList();
        var containers = healthy.SelectMany(e => e.Containers).ToList();
        return new Dictionary<string, object?>
        {
            ["ID"] = "",
            ["Containers"] = containers.Count,
            ["ContainersRunning"] = containers.Count(c => c.State == ContainerState.Running),
            ["ContainersPaused"] = containers.Count(c => c.State == ContainerState.Paused),
            ["ContainersStopped"] = containers.Count(c => c.State is not (ContainerState.Running or ContainerState.Paused)),
            ["Images"] = healthy.Sum(e => e.Images.Count),
            ["Driver"] = "",
            ["SystemStatus"] = status,
            ["Plugins"] = new Dictionary<string, object?> { ["Volume"] = Array.Empty<string>(), ["Network"] = Array.Empty<string>(), ["Log"] = Array.Empty<string>() },
            ["MemoryLimit"] = true,
            ["SwapLimit"] = true,
            ["CpuCfsPeriod"] = true,
            ["CpuCfsQuota"] = true,
            ["CPUShares"] = true,
            ["CPUSet"] = true,
            ["IPv4Forwarding"] = true,
            ["BridgeNfIptables"] = true,
            ["BridgeNfIp6tables"] = true,
            ["OomKillDisable"] = true,
            ["NEventsListener"] = 0,
            ["KernelVersion"] = Environment.OSVersion.Version.ToString(),
            ["OperatingSystem"] = "linux",
            ["OSType"] = "linux",
            ["Architecture"] = "x86_64",
            ["NCPU"] = healthy.Sum(e => overcommit.Apply(e.Specs?.Cpus ?? 0)),
            ["MemTotal"] = healthy.Sum(e => overcommit.Apply(e.Specs?.Memory ?? 0)),
            ["Name"] = Environment.MachineName,
            ["Labels"] = Array.Empty<string>(),
            ["ServerVersion"] = ApiConventions.ServerVersion,
            ["ExperimentalBuild"] = false,
            ["SystemTime"] = DateTime.UtcNow.ToString("O"),
            ["Warnings"] = Array.Empty<string>(),
            // Swarm mode is off, as on a dockerd that never ran docker swarm init: the CLI then leaves swarm routes alone.
            ["Swarm"] = new Dictionary<string, object?>
            {
                ["NodeID"] = "",
                ["NodeAddr"] = "",
                ["LocalNodeState"] = "inactive",
                ["ControlAvailable"] = false,
                ["Error"] = "",
                ["RemoteManagers"] = null,
            },
        };
    }

    /// <summary><c>N (R Running, P Paused, S Stopped)</c> for reachable nodes, as classic printed it; just N otherwise.</summary>
    private static string ContainerSummary(EngineSnapshot engine)
    {
        int total = engine.Containers.Count;
        if (engine.Health.Status != EngineStatus.Healthy) return total.ToString();
        int running = engine.Containers.Count(c => c.State == ContainerState.Running);
        int paused = engine.Containers.Count(c => c.State == ContainerState.Paused);
        return $"{total} ({running} Running, {paused} Paused, {total - running - paused} Stopped)";
    }
}
