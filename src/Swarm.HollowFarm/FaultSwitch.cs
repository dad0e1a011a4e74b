using Swarm.Engines.Hollow;

namespace Swarm.HollowFarm;

/// <summary>
/// The failure one engine's endpoint shows, switched over HTTP by tests (<c>POST /_hollow/fault?mode=…</c>).
/// <see cref="HollowFault.Hang"/> is held here rather than in the engine, so that held requests go on once the
/// fault is cleared instead of waiting until their clients give up.
/// </summary>
public sealed class FaultSwitch(HollowEngine engine)
{
    private readonly object gate = new();
    private TaskCompletionSource cleared = Cleared();
    private volatile HollowFault mode;

    public HollowFault Mode => mode;

    /// <summary>Completes when the current hang is cleared; already completed when nothing hangs.</summary>
    public Task Released
    {
        get
        {
            lock (gate) return cleared.Task;
        }
    }

    public void Set(HollowFault value)
    {
        lock (gate)
        {
            mode = value;
            // Refusing, the engine also drops its open event streams, as a dead daemon's connections drop.
            engine.Fault = value == HollowFault.Refuse ? HollowFault.Refuse : HollowFault.None;
            if (value != HollowFault.Hang) cleared.TrySetResult();
            else if (cleared.Task.IsCompleted) cleared = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    private static TaskCompletionSource Cleared()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }
}
