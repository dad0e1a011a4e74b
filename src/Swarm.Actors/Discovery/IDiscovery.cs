namespace Swarm.Actors.Discovery;

/// <summary>Where the engine addresses come from (classic's discovery backends).</summary>
public interface IDiscovery
{
    /// <summary>The current entries; throws when the source cannot be read (the caller keeps polling).</summary>
    Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken);
}
