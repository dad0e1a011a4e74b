using Docker.DotNet;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// Docker.DotNet's seam for its transport, used to replace the transport: 3.125's own handler opens a new
/// connection for every request, and over TLS makes a new handshake with the client certificate each time (2,000
/// pings made 2,000 connections). This lends it the engine client's pooled <see cref="EngineHttpHandler"/> instead,
/// shared with the client's own requests. That handler cannot hijack a connection (attach, exec start); no call of
/// <see cref="IEngineClient"/> does, and the proxy dials those itself.
/// </summary>
internal sealed class PooledEngineCredentials(SocketsHttpHandler shared, bool tls) : Credentials
{
    /// <summary>Makes Docker.DotNet address a <c>tcp://</c> engine over https, as its certificate credentials did.</summary>
    public override bool IsTlsCredentials() => tls;

    /// <summary>Called by each <c>CreateClient</c>, whose client disposes what is returned: the shared handler, lent.</summary>
    public override HttpMessageHandler GetHandler(HttpMessageHandler innerHandler)
    {
        innerHandler.Dispose();
        return new LentHandler(shared);
    }

    // Disposed with the Docker.DotNet client; the handler it lends stays with its owner.
    private sealed class LentHandler(HttpMessageHandler owned) : DelegatingHandler(owned)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}
