using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Swarm.Engines;

namespace Swarm.Api;

/// <summary>
/// A raw connection to an engine (tcp or unix socket, TLS when the manager has engine certificates), as classic's
/// hijack dialled it: TCP keep-alive 30 s, and a write side that can be closed alone so the engine sees stdin end.
/// </summary>
public sealed class EngineConnection : IAsyncDisposable
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(30);

    private readonly Socket socket;
    private readonly SslStream? tls;

    private EngineConnection(Socket socket, Stream stream, SslStream? tls)
    {
        this.socket = socket;
        Stream = stream;
        this.tls = tls;
    }

    public Stream Stream { get; }

    /// <summary>Where an engine address points: tcp://host:port or unix:///path.</summary>
    public static Uri Endpoint(string address) =>
        EngineAddress.TryParse(address, out string? error) ?? throw new ArgumentException(error, nameof(address));

    /// <summary>A plain socket stream to the engine; TLS, if any, is the caller's (or the HTTP handler's) to add.</summary>
    public static async Task<NetworkStream> ConnectPlainAsync(Uri endpoint, CancellationToken cancellationToken) =>
        new(await ConnectSocketAsync(endpoint, cancellationToken), ownsSocket: true);

    public static async Task<EngineConnection> OpenAsync(string address, EngineTlsAuthentication? tls, CancellationToken cancellationToken)
    {
        var endpoint = Endpoint(address);
        var socket = await ConnectSocketAsync(endpoint, cancellationToken);
        var plain = new NetworkStream(socket, ownsSocket: true);
        if (tls is null || endpoint.Scheme == "unix") return new EngineConnection(socket, plain, null);
        var secure = new SslStream(plain, leaveInnerStreamOpen: false);
        try
        {
            await secure.AuthenticateAsClientAsync(tls.ClientOptions(endpoint.Host), cancellationToken);
        }
        catch
        {
            await secure.DisposeAsync();
            throw;
        }
        return new EngineConnection(socket, secure, secure);
    }

    /// <summary>No more bytes towards the engine (its reader sees end of stream); the other direction stays open.</summary>
    public async Task CloseWriteAsync()
    {
        if (tls is not null) await tls.ShutdownAsync();
        socket.Shutdown(SocketShutdown.Send);
    }

    public ValueTask DisposeAsync() => Stream.DisposeAsync();

    private static async Task<Socket> ConnectSocketAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        Socket socket;
        EndPoint target;
        if (endpoint.Scheme == "unix")
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = new UnixDomainSocketEndPoint(endpoint.AbsolutePath);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
            socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, (int)KeepAlive.TotalSeconds);
            target = new DnsEndPoint(endpoint.Host, endpoint.Port);
        }
        try
        {
            await socket.ConnectAsync(target, cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
