using System.Net.Sockets;

namespace Swarm.Engines.Dockerd;

/// <summary>
/// Our own HTTP towards one engine: a pooled <see cref="SocketsHttpHandler"/> (connections kept alive between
/// requests) that dials TCP, or the engine's unix socket, with TLS and the client certificate when given. No proxy:
/// engines are reached directly, as the manager's proxy reaches them.
/// </summary>
internal static class EngineHttpHandler
{
    /// <param name="endpoint">The engine as <see cref="EngineAddress"/> parsed it: <c>tcp://</c>, <c>http(s)://</c> or <c>unix://</c>.</param>
    public static SocketsHttpHandler Create(Uri endpoint, EngineTlsAuthentication? tls)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false };
        if (endpoint.Scheme == "unix")
        {
            var socketPath = new UnixDomainSocketEndPoint(endpoint.LocalPath);
            handler.ConnectCallback = (_, cancellationToken) => ConnectUnixAsync(socketPath, cancellationToken);
        }
        else if (tls is not null)
        {
            // The target host is the request's, so the engine's certificate is checked against the name dialled.
            handler.SslOptions = tls.ClientOptions(null);
        }
        return handler;
    }

    /// <summary>Where requests go: the engine's host and port, over https with TLS; a unix socket answers any host.</summary>
    public static Uri BaseAddress(Uri endpoint, EngineTlsAuthentication? tls)
    {
        if (endpoint.Scheme == "unix") return new Uri("http://localhost/");
        bool secure = tls is not null || endpoint.Scheme == "https";
        return new UriBuilder(secure ? "https" : "http", endpoint.Host, endpoint.Port, "/").Uri;
    }

    private static async ValueTask<Stream> ConnectUnixAsync(UnixDomainSocketEndPoint socketPath, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(socketPath, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
