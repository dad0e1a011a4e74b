using Akka.Actor;
using Swarm.Actors.Engines;
using Swarm.Actors.Scheduler;
using Swarm.Api;
using Swarm.Engines.View;
using Swarm.Scheduling;

namespace Swarm.Shell;

/// <summary>Where a container lives: which node, which engine, under which engine-side ID.</summary>
public static class ContainerCommandGroup
{
    private static readonly string[] Columns = ["id", "name", "node", "address", "engine-container-id", "state"];

    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("container where", "<id|name>", "the node and engine of a container (virtual ID, engine ID, name, node/name or prefix; a global container: each instance)", 1, 1, Where),
    ];

    private static async Task<int> Where(ShellInvocation invocation)
    {
        var manager = invocation.Manager;
        string typed = invocation.Arguments[0];
        var engines = (await manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, ShellInvocation.AskTimeout)).All;
        var output = invocation.Output;

        // A global container's name or ID: every instance (the lookup below would find none or be ambiguous).
        if (!typed.Contains('/') && await manager.Scheduler.Ask<object>(new SchedulerCommands.GetGlobal(typed), ShellInvocation.AskTimeout) is SchedulerCommands.GlobalContainer global)
        {
            await output.Columns(Columns);
            foreach (var instance in global.Instances) await WriteRecord(output, instance, engines);
            return ShellProtocol.Succeeded;
        }
        var found = ContainerLookup.Resolve(typed, ContainerListing.LookupEntries(engines));
        if (found.IsFound)
        {
            var entry = found.Found;
            var engine = engines.First(e => e.Id == entry.NodeId);
            var container = engine.Containers.FirstOrDefault(c => c.Id == entry.EngineContainerId);
            await output.Columns(Columns);
            await output.Row(entry.SwarmId.Length > 0 ? entry.SwarmId : entry.EngineContainerId, entry.Name, engine.Name, engine.Address, entry.EngineContainerId,
                container?.State.ToString().ToLowerInvariant());
            return ShellProtocol.Succeeded;
        }
        // Placed but not reported by its engine yet (or its engine is gone): the scheduler's record says where.
        if (found.Error == LookupError.NotFound && SwarmIds.IsValid(typed)
            && await manager.Scheduler.Ask<object>(new SchedulerCommands.GetContainer(typed), ShellInvocation.AskTimeout) is ContainerRecord record)
        {
            await output.Columns(Columns);
            await WriteRecord(output, record, engines);
            return ShellProtocol.Succeeded;
        }
        await output.Error(found.Message);
        return ShellProtocol.Failed;
    }

    // A recorded container as the scheduler knows it, with its node's name and address if the node is known.
    private static Task WriteRecord(ShellOutput output, ContainerRecord record, IReadOnlyList<EngineSnapshot> engines)
    {
        var engine = engines.FirstOrDefault(e => e.Id == record.NodeId);
        var container = engine?.Containers.FirstOrDefault(c => record.EngineContainerId.Length > 0 && c.Id == record.EngineContainerId);
        string state = container?.State.ToString().ToLowerInvariant() ?? (record.EngineContainerId.Length == 0 ? "pending" : "unknown");
        return output.Row(record.SwarmId, record.Name, engine?.Name ?? NodeAddress(record.NodeId), engine?.Address ?? NodeAddress(record.NodeId), record.EngineContainerId, state);
    }

    private static string NodeAddress(string nodeId) => EngineDirectory.AddressOf(nodeId);
}
