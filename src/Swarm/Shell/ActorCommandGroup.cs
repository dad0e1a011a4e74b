using Akka.Actor;

namespace Swarm.Shell;

/// <summary>This manager's actors, as Petabridge.Cmd's <c>actor hierarchy</c> shows them.</summary>
public static class ActorCommandGroup
{
    public static IReadOnlyList<ShellCommand> Commands { get; } =
    [
        new("actor hierarchy", "[path]", "this manager's actors under path (default /user; / for all): path and type, one a line", 0, 1, Hierarchy),
    ];

    private static async Task<int> Hierarchy(ShellInvocation invocation)
    {
        string path = invocation.Arguments.Count == 0 ? "/user" : invocation.Arguments[0];
        IActorRef top = ((ExtendedActorSystem)invocation.Manager.System).Provider.RootGuardian;
        foreach (string name in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            top = top is ActorRefWithCell parent ? parent.GetSingleChild(name) : ActorRefs.Nobody;
            if (top.IsNobody())
            {
                await invocation.Output.Error($"actor hierarchy: no actor at {path}");
                return ShellProtocol.Failed;
            }
        }
        await invocation.Output.Columns("path", "type");
        var pending = new Stack<IActorRef>([top]);
        while (pending.TryPop(out var actor))
        {
            invocation.Cancellation.ThrowIfCancellationRequested();
            await invocation.Output.Row(actor.Path.ToStringWithoutAddress(), TypeOf(actor));
            // Read from outside the actors: each cell's children are an immutable container it swaps atomically.
            var children = actor is ActorRefWithCell cell ? cell.Children.OrderByDescending(c => c.Path.Name, StringComparer.Ordinal) : Enumerable.Empty<IActorRef>();
            foreach (var child in children) pending.Push(child);
        }
        return ShellProtocol.Succeeded;
    }

    private static string TypeOf(IActorRef actor) =>
        actor is ActorRefWithCell { Underlying.Props.Type: { } type } ? type.Name : "";
}
