namespace Swarm.Actors.Tests.Support;

/// <summary>A fresh, empty Akka.Persistence.Sql journal and snapshot store for one test.</summary>
public interface IJournalStore : IDisposable
{
    /// <summary>The <c>akka.persistence</c> HOCON that points at it.</summary>
    string Config { get; }

    int SnapshotCount();
}
