using Docker.DotNet;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// Docker.DotNet's seam for its transport, used to replace the transport: 3.125's own handler opens a new
/// connection for every request, and over TLS makes a new handshake with the client certificate each time (2,000
/// pings made 2,000 connections). This gives it a pooled <see cref="EngineHttpHandler"/> instead. That handler cannot
/// hijack a connection (attach, exec start); no call of <see cref="IEngineClient"/> does, and the proxy dials those itself.
/// </summary>
internal sealed class PooledEngineCredentials(Uri endpoint, EngineTlsAuthentication? tls) : Credentials
{
    /// <summary>Makes Docker.DotNet address a <c>tcp://</c> engine over https, as its certificate credentials did.</summary>
    public override bool IsTlsCredentials() => tls is not null;

    /// <summary>Called by each <c>CreateClient</c>, whose client disposes what is returned; Docker.DotNet's own handler is not used.</summary>
    public override HttpMessageHandler GetHandler(HttpMessageHandler innerHandler)
    {
        innerHandler.Dispose();
        return EngineHttpHandler.Create(endpoint, tls);
    }
}
