using Akka.Actor;
using Swarm.Actors.Scheduler;

namespace Swarm.Shell;

/// <summary>The scheduler singleton's state, in numbers.</summary>
public static class SchedulerCommandGroup
{
    private static readonly TimeSpan IdentifyTimeout = TimeSpan.FromSeconds(3);

    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("scheduler state", "", "where the scheduler runs; its containers, globals, nodes (paused, drained), moves in progress, journal sequence number; placing or awaiting-engines", 0, 0, State),
    ];

    private static async Task<int> State(ShellInvocation invocation)
    {
        var manager = invocation.Manager;
        var summary = await manager.Scheduler.Ask<SchedulerCommands.Summary>(SchedulerCommands.GetSummary.Instance, ShellInvocation.AskTimeout);
        var location = await SchedulerLocation.Find(manager.System, IdentifyTimeout);
        await invocation.Output.Columns("scheduler", "containers", "globals", "nodes", "paused", "drained", "moves", "sequence-nr", "placements");
        await invocation.Output.Row(location?.ToString(), summary.Containers, summary.Globals, summary.Nodes, summary.PausedNodes, summary.DrainedNodes,
            summary.Moving, summary.LastSequenceNr, summary.AwaitingEngines ? "awaiting-engines" : "placing");
        return ShellProtocol.Succeeded;
    }
}
