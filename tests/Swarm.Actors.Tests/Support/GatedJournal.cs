using System.Collections.Immutable;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Swarm.Actors.Tests.Support;

/// <summary>An in-memory journal whose writes wait while the test holds its gate shut: "written" becomes a moment the test chooses.</summary>
public sealed class GatedJournal : MemoryJournal
{
    private static volatile TaskCompletionSource gate = Opened();

    public const string Config = """
        akka.persistence.journal.plugin = "akka.persistence.journal.gated"
        akka.persistence.journal.gated {
          class = "Swarm.Actors.Tests.Support.GatedJournal, Swarm.Actors.Tests"
          plugin-dispatcher = "akka.actor.default-dispatcher"
        }
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """;

    public static void Shut() => gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public static void Open() => gate.TrySetResult();

    protected override async Task<IImmutableList<Exception?>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages, CancellationToken cancellationToken)
    {
        await gate.Task;
        return await base.WriteMessagesAsync(messages, cancellationToken);
    }

    private static TaskCompletionSource Opened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
