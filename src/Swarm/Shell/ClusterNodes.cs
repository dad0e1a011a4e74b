using Akka.Actor;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Api;

namespace Swarm.Shell;

/// <summary>The engines as nodes (with the availability the scheduler holds), found the way <c>docker node</c> finds them.</summary>
public static class ClusterNodes
{
    /// <summary>Every engine of the cluster as a node, in natural order of names (as <c>docker node ls</c>).</summary>
    public static async Task<IReadOnlyList<NodeEntry>> All(SwarmManager manager)
    {
        var engines = manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, ShellInvocation.AskTimeout);
        var availabilities = manager.Scheduler.Ask<SchedulerCommands.NodeAvailabilities>(SchedulerCommands.GetNodeAvailabilities.Instance, ShellInvocation.AskTimeout);
        return NodeEntry.Of((await engines).All, (await availabilities).ByNodeId);
    }

    /// <summary>The node a user typed (name, node ID or its prefix, engine ID); writes why not and answers null if none.</summary>
    public static async Task<NodeEntry?> Find(ShellInvocation invocation, string typed)
    {
        var found = NodeLookup.Find(await All(invocation.Manager), typed);
        if (found.IsFound) return found.Node;
        await invocation.Output.Error(found.Message);
        return null;
    }
}
