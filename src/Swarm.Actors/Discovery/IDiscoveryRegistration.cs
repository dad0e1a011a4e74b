namespace Swarm.Actors.Discovery;

/// <summary>A discovery backend <c>swarm join</c> can register an engine in (classic's <c>Register(addr)</c>).</summary>
public interface IDiscoveryRegistration
{
    /// <summary>Where registrations go, for the log.</summary>
    string Location { get; }

    /// <summary>
    /// Writes <paramref name="address"/>, to expire after <paramref name="ttl"/> where the backend supports expiry;
    /// true when it was not there before. Throws <see cref="IOException"/> when the backend cannot be written.
    /// </summary>
    Task<bool> RegisterAsync(string address, TimeSpan ttl, CancellationToken cancellationToken);
}
