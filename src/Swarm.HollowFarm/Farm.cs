using System.Net;
using Swarm.Engines.Hollow;

namespace Swarm.HollowFarm;

/// <summary>The farm's engines by the local endpoint they answer on; one web server serves them all.</summary>
public sealed class Farm
{
    private readonly Dictionary<IPEndPoint, FarmEngine> byEndpoint;

    public Farm(IEnumerable<HollowEngineOptions> engines)
    {
        Engines = [.. engines.Select(options => new FarmEngine(new HollowEngine(options)))];
        byEndpoint = Engines.ToDictionary(engine => engine.Endpoint);
    }

    public IReadOnlyList<FarmEngine> Engines { get; }

    /// <summary>The engine listening on this local address and port; every endpoint the farm binds has one.</summary>
    public FarmEngine At(IPAddress? localAddress, int localPort) =>
        localAddress is not null && byEndpoint.TryGetValue(new IPEndPoint(localAddress, localPort), out var engine)
            ? engine
            : throw new InvalidOperationException($"no engine listens on {localAddress}:{localPort}");
}
