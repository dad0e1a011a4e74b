using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;

namespace Swarm.Api;

/// <summary>
/// Life-cycle calls on a global container (by its ID or name) act on every instance: each through its own
/// container actor, in parallel. Starting or stopping it also sets what instances on nodes that join later do;
/// removing it first stops new instances from being placed.
/// </summary>
public static class GlobalContainerCalls
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The global container a user's ID or name stands for, if it is one.</summary>
    public static async Task<SchedulerCommands.GlobalContainer?> Find(SwarmManager manager, string idOrName) =>
        idOrName.Contains('/') ? null : await manager.AskScheduler<object>(new SchedulerCommands.GetGlobal(idOrName), Timeout) as SchedulerCommands.GlobalContainer;

    public static async Task<IResult> Operate(SwarmManager manager, SchedulerCommands.GlobalContainer found, Func<string, ContainerCommands.Operate> command)
    {
        var operation = command(found.Global.GlobalId).Operation;
        string globalId = found.Global.GlobalId;
        if (operation == ContainerOperation.Remove) await manager.AskScheduler<object>(new SchedulerCommands.RemoveContainer(globalId), Timeout);

        var answers = await Task.WhenAll(found.Instances.Select(async instance =>
        {
            // Not created yet: nothing on an engine to call; a removal forgets it, a start or stop reaches it through its global container's state.
            if (instance.EngineContainerId.Length == 0)
            {
                return operation == ContainerOperation.Remove
                    ? await manager.AskScheduler<object>(new SchedulerCommands.RemoveContainer(instance.SwarmId), Timeout)
                    : new ContainerCommands.Done(instance.SwarmId);
            }
            return await manager.Containers.Ask<object>(command(instance.SwarmId), Timeout);
        }));

        var desired = operation switch
        {
            ContainerOperation.Start or ContainerOperation.Restart or ContainerOperation.Unpause => DesiredState.Running,
            ContainerOperation.Stop or ContainerOperation.Kill => DesiredState.Stopped,
            _ => (DesiredState?)null,
        };
        if (desired is { } state) await manager.AskScheduler<object>(new SchedulerCommands.SetDesiredState(globalId, state), Timeout);

        // 304 (already started or stopped) is no failure for a whole: each instance is as asked.
        var failures = answers.OfType<ContainerCommands.Failed>().Where(f => f.StatusCode != 304).ToList();
        if (failures.Count == 0) return Results.NoContent();
        return ApiConventions.Error(failures[0].StatusCode, string.Join("\n", failures.Select(f => $"{f.SwarmId[..12]}: {f.Message}")));
    }
}
