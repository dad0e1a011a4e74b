using Microsoft.AspNetCore.Builder;
using Swarm.Actors.Manager;
using Swarm.Engines;

namespace Swarm.Api;

/// <summary>What the cluster-wide routes share: one proxy to the engines (its connections live as long as the API) and container lookup.</summary>
public sealed class ClusterEngines
{
    private ClusterEngines(EngineProxy proxy, ContainerOwners owners)
    {
        Proxy = proxy;
        Owners = owners;
    }

    public EngineProxy Proxy { get; }

    public ContainerOwners Owners { get; }

    public static ClusterEngines For(WebApplication app, SwarmManager manager, EngineTlsOptions? tls)
    {
        var proxy = new EngineProxy(tls);
        app.Lifetime.ApplicationStopped.Register(proxy.Dispose);
        return new ClusterEngines(proxy, new ContainerOwners(manager));
    }
}
