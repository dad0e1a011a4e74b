using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
        IReadOnlyDictionary<string, NodeAvailability>? availabilities) =>
        Build(engines, manager.IsPrimary ? null : manager.PrimaryAddress, strategy, filters, availabilities);

    /// <param name="primary">Null on the primary; on a replica, the primary's address.</param>
    public static Dictionary<string, object?> Build(IReadOnlyList<EngineSnapshot> engines, string? primary, string strategy, IReadOnlyList<string> filters,
        IReadOnlyDictionary<string, NodeAvailability>? availabilities)
    {
        var overcommit = Overcommit.Default;
        var status = new List<string[]>();
        if (primary is null) status.Add(["Role", "primary"]);
        else
        {
            status.Add(["Role", "replica"]);
            status.Add(["Primary", primary]);
        }
        status.Add(["Strategy", strategy]);
        status.Add(["Filters", string.Join(", ", filters)]);
        status.Add(["Nodes", engines.Count.ToString()]);
        foreach (var engine in engines.OrderBy(e => e.Name, NaturalOrder.Instance))
        {
            status.AddRange(Rows.GetValue(engine, static e => NodeRows(e)));
            // Ours, after classic's lines: what docker node update --availability set.
            string availability = availabilities is null ? "unknown" : NodeObject.Name(availabilities.GetValueOrDefault(engine.Id, NodeAvailability.Active));
            status.Add(AvailabilityRows.GetOrAdd(availability, static a => ["  └ Availability", a]));
        }

        int containers = 0, running = 0, paused = 0, images = 0;
        long totalCpus = 0, totalMemory = 0;
        foreach (var engine in engines)
        {
            if (engine.Health.Status is not (EngineStatus.Healthy or EngineStatus.Unhealthy)) continue;
            containers += engine.Containers.Count;
            foreach (var container in engine.Containers)
            {
                if (container.State == ContainerState.Running) running++;
                else if (container.State == ContainerState.Paused) paused++;
            }
            images += engine.Images.Count;
            totalCpus += overcommit.Apply(engine.Specs?.Cpus ?? 0);
            totalMemory += overcommit.Apply(engine.Specs?.Memory ?? 0);
        }
        return new Dictionary<string, object?>
        {
            ["ID"] = "",
            ["Containers"] = containers,
            ["ContainersRunning"] = running,
            ["ContainersPaused"] = paused,
            ["ContainersStopped"] = containers - running - paused,
            ["Images"] = images,
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
            ["NCPU"] = totalCpus,
            ["MemTotal"] = totalMemory,
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

    // A node's lines but the availability, kept with its snapshot (replaced when anything of the node changes): a
    // docker info of 1,000 nodes otherwise makes 10,000 lines of text anew each time.
    private static readonly ConditionalWeakTable<EngineSnapshot, string[][]> Rows = new();
    private static readonly ConcurrentDictionary<string, string[]> AvailabilityRows = new(StringComparer.Ordinal);

    private static string[][] NodeRows(EngineSnapshot engine)
    {
        var overcommit = Overcommit.Default;
        long cpus = overcommit.Apply(engine.Specs?.Cpus ?? 0), memory = overcommit.Apply(engine.Specs?.Memory ?? 0);
        var rows = new List<string[]>
        {
            new[] { " " + (engine.Name.Length > 0 ? engine.Name : "(unknown)"), engine.Address },
            new[] { "  └ ID", engine.Id },
            new[] { "  └ Status", engine.Health.Status.ToString() },
            new[] { "  └ Containers", ContainerSummary(engine) },
            new[] { "  └ Reserved CPUs", $"{engine.ReservedCpus} / {cpus}" },
            new[] { "  └ Reserved Memory", $"{ByteSize.Format(engine.ReservedMemory)} / {ByteSize.Format(memory)}" },
            new[] { "  └ Labels", string.Join(", ", engine.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) },
        };
        if (engine.Health.LastError.Length > 0) rows.Add(["  └ Error", engine.Health.LastError]);
        rows.Add(["  └ UpdatedAt", engine.UpdatedAt == default ? "" : engine.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ")]);
        rows.Add(["  └ ServerVersion", engine.Specs?.ServerVersion ?? ""]);
        return [.. rows];
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
