using Akka.Actor;
using Swarm.Actors.Engines;
using Swarm.Api;
using Swarm.Engines.Health;
using Swarm.Scheduling.Model;

namespace Swarm.Shell;

/// <summary>The engines the managers watch: each one's health, load and the manager running its engine actor.</summary>
public static class EngineCommandGroup
{
    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("engine list", "", "every engine: name, address, status, availability, containers, the manager running its actor", 0, 0, List),
        new("engine show", "<node>", "one engine (by name, node ID or prefix): identity, health, capacity, reservations, labels", 1, 1, Show),
    ];

    private static async Task<int> List(ShellInvocation invocation)
    {
        var homes = Homes(invocation);
        var nodes = await ClusterNodes.All(invocation.Manager);
        var managers = (await homes).Managers;
        await invocation.Output.Columns("name", "address", "status", "availability", "containers", "manager");
        foreach (var node in nodes)
        {
            var engine = node.Engine;
            await invocation.Output.Row(engine.Name, engine.Address, StatusName(engine.Health.Status), AvailabilityName(node.Availability), engine.Containers.Count, managers.GetValueOrDefault(engine.Address, []));
        }
        return ShellProtocol.Succeeded;
    }

    private static async Task<int> Show(ShellInvocation invocation)
    {
        var homes = Homes(invocation);
        if (await ClusterNodes.Find(invocation, invocation.Arguments[0]) is not { } node) return ShellProtocol.Failed;
        var engine = node.Engine;
        await invocation.Output.Columns("name", "id", "address", "status", "availability", "containers", "running", "cpus", "memory",
            "reserved-cpus", "reserved-memory", "version", "labels", "manager", "updated", "error");
        await invocation.Output.Row(engine.Name, engine.Id, engine.Address, StatusName(engine.Health.Status), AvailabilityName(node.Availability),
            engine.Containers.Count, engine.Containers.Count(c => c.State == ContainerState.Running), engine.Specs?.Cpus ?? 0, engine.Specs?.Memory ?? 0,
            engine.ReservedCpus, engine.ReservedMemory, engine.Specs?.ServerVersion, engine.Labels.Select(l => $"{l.Key}={l.Value}").Order(StringComparer.Ordinal).ToList(),
            (await homes).Managers.GetValueOrDefault(engine.Address, []), engine.UpdatedAt == default ? null : engine.UpdatedAt, engine.Health.LastError);
        return ShellProtocol.Succeeded;
    }

    /// <summary><c>pending</c>, <c>healthy</c>, <c>unhealthy</c> or <c>disconnected</c>.</summary>
    public static string StatusName(EngineStatus status) => status.ToString().ToLowerInvariant();

    /// <summary><c>active</c>, <c>pause</c> or <c>drain</c>, as <c>docker node update --availability</c> takes them.</summary>
    public static string AvailabilityName(NodeAvailability availability) => availability.ToString().ToLowerInvariant();

    private static Task<EngineDirectory.EngineHomes> Homes(ShellInvocation invocation) =>
        invocation.Manager.Engines.Ask<EngineDirectory.EngineHomes>(EngineDirectory.GetEngineHomes.Instance, ShellInvocation.AskTimeout);
}
