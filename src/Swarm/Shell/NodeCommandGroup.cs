using Akka.Actor;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling.Model;

namespace Swarm.Shell;

/// <summary>
/// A node's availability, as <c>docker node update --availability</c> sets it: pause keeps new containers off it,
/// drain also moves its movable containers elsewhere, activate lets containers in again. The scheduler journals it.
/// </summary>
public static class NodeCommandGroup
{
    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("node drain", "<node>", "no new containers on the node, and its movable containers move elsewhere", 1, 1, i => Set(i, NodeAvailability.Drain)),
        new("node pause", "<node>", "no new containers on the node; what it runs stays", 1, 1, i => Set(i, NodeAvailability.Pause)),
        new("node activate", "<node>", "the node takes containers again", 1, 1, i => Set(i, NodeAvailability.Active)),
    ];

    private static async Task<int> Set(ShellInvocation invocation, NodeAvailability availability)
    {
        if (await ClusterNodes.Find(invocation, invocation.Arguments[0]) is not { } node) return ShellProtocol.Failed;
        string name = EngineCommandGroup.AvailabilityName(availability);
        if (node.Availability != availability)
        {
            if (node.Engine.Id.Length == 0)
            {
                await invocation.Output.Error($"node {invocation.Arguments[0]} ({node.Engine.Address}) has not reported to the scheduler yet; try again");
                return ShellProtocol.Failed;
            }
            invocation.Audit($"node {node.Hostname} ({node.Engine.Id}) availability {name}");
            var answer = await invocation.Manager.Scheduler.Ask<object>(new SchedulerCommands.SetNodeAvailability(node.Engine.Id, availability), ShellInvocation.AskTimeout);
            if (answer is not SchedulerCommands.NodeAvailabilitySet)
            {
                await invocation.Output.Error($"node {invocation.Arguments[0]} ({node.Engine.Address}) is not known to the scheduler yet; try again");
                return ShellProtocol.Failed;
            }
        }
        await invocation.Output.Columns("node", "availability");
        await invocation.Output.Row(node.Hostname, name);
        return ShellProtocol.Succeeded;
    }
}
