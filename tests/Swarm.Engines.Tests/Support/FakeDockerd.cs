using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.Channels;

namespace Swarm.Engines.Tests.Support;

/// <summary>
/// A few lines of raw HTTP/1.1 standing in for dockerd, so the event stream's reader meets exactly the bytes a test
/// chooses: on loopback TCP, on a unix socket, or behind TLS that requires a client certificate. <c>/_ping</c>,
/// <c>/version</c> and <c>/info</c> answer canned JSON (API 1.41) on a connection kept alive unless the client asks
/// to close it; each <c>/events</c> is handed to the test as a <see cref="ServedEventStream"/>.
/// </summary>
internal sealed class FakeDockerd : IAsyncDisposable
{
    private readonly Socket listener;
    private readonly TestCertificates? tls;
    private readonly string? socketPath;
    private readonly Channel<ServedEventStream> eventStreams = Channel.CreateUnbounded<ServedEventStream>();
    private readonly List<Stream> connections = [];
    private readonly Task accepting;
    private int connectionsAccepted;
    private int requestsServed;

    private FakeDockerd(Socket listener, string address, TestCertificates? tls, string? socketPath)
    {
        this.listener = listener;
        this.tls = tls;
        this.socketPath = socketPath;
        Address = address;
        accepting = AcceptAsync();
    }

    /// <summary>What <c>DockerEngineClient</c> is given: <c>127.0.0.1:port</c> or <c>unix:///path</c>.</summary>
    public string Address { get; }

    /// <summary>When set, <c>/events</c> answers this status with <see cref="EventsErrorMessage"/> instead of streaming.</summary>
    public HttpStatusCode? EventsError { get; set; }

    public string EventsErrorMessage { get; set; } = "";

    /// <summary>TCP or unix socket connections accepted so far.</summary>
    public int ConnectionsAccepted => Volatile.Read(ref connectionsAccepted);

    public int RequestsServed => Volatile.Read(ref requestsServed);

    /// <summary>The TLS client certificate's subject, once a client presented one.</summary>
    public string? ClientCertificateSubject { get; private set; }

    public static FakeDockerd OnLoopback(TestCertificates? tls = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen();
        return new FakeDockerd(socket, $"127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port}", tls, null);
    }

    public static FakeDockerd OnUnixSocket()
    {
        string path = Path.Combine(Path.GetTempPath(), $"fake-dockerd-{Guid.NewGuid():N}.sock");
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        return new FakeDockerd(socket, "unix://" + path, null, path);
    }

    /// <summary>The next <c>/events</c> request, once its response headers are out.</summary>
    public async Task<ServedEventStream> NextEventStreamAsync(TimeSpan? patience = null)
    {
        using var timeout = new CancellationTokenSource(patience ?? TimeSpan.FromSeconds(10));
        return await eventStreams.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Dispose();
        await accepting;
        Stream[] open;
        lock (connections) open = [.. connections];
        foreach (var connection in open) await connection.DisposeAsync();
        if (socketPath is not null) File.Delete(socketPath);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync();
            }
            catch (Exception error) when (error is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(accepted));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        Interlocked.Increment(ref connectionsAccepted);
        Stream connection = new NetworkStream(socket, ownsSocket: true);
        lock (connections) connections.Add(connection);
        try
        {
            if (tls is not null) connection = await AuthenticateAsync(connection, tls);
            // Kept alive between requests unless the client asks to close, as HTTP/1.1 has it.
            while (await ReadRequestAsync(connection) is var (target, keepAlive))
            {
                Interlocked.Increment(ref requestsServed);
                string path = target.Split('?')[0];
                if (path.EndsWith("/events", StringComparison.Ordinal))
                {
                    await StreamEventsAsync(connection, target);
                    return;
                }
                (int status, string body) = path switch
                {
                    _ when path.EndsWith("/_ping", StringComparison.Ordinal) => (200, "OK"),
                    _ when path.EndsWith("/version", StringComparison.Ordinal) => (200, """{"ApiVersion":"1.41","Version":"20.10.24"}"""),
                    _ when path.EndsWith("/info", StringComparison.Ordinal) => (200, """{"ID":"FAKE:ID","Name":"fake-1","NCPU":2,"MemTotal":1073741824}"""),
                    _ => (404, """{"message":"page not found"}"""),
                };
                await AnswerAsync(connection, status, body, keepAlive);
                if (!keepAlive) return;
            }
            await connection.DisposeAsync();
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or System.Security.Authentication.AuthenticationException)
        {
            // The client went away or failed the handshake: nothing to answer.
            await connection.DisposeAsync();
        }
    }

    private async Task<Stream> AuthenticateAsync(Stream connection, TestCertificates certificates)
    {
        var secured = new SslStream(connection, leaveInnerStreamOpen: false);
        lock (connections) connections.Add(secured);
        await secured.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
        {
            ServerCertificate = certificates.Server,
            ClientCertificateRequired = true,
            // dockerd --tlsverify: only a client certificate signed by the engine's CA gets in.
            RemoteCertificateValidationCallback = (_, client, _, _) => client is not null && certificates.IssuedByAuthority(new X509Certificate2(client)),
        });
        ClientCertificateSubject = secured.RemoteCertificate?.Subject;
        return secured;
    }

    private async Task StreamEventsAsync(Stream connection, string target)
    {
        if (EventsError is HttpStatusCode status)
        {
            await AnswerAsync(connection, (int)status, $$"""{"message":"{{EventsErrorMessage}}"}""", keepAlive: false);
            return;
        }
        await connection.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
        await connection.FlushAsync();
        var served = new ServedEventStream(connection, target);
        _ = served.WatchClientAsync();
        await eventStreams.Writer.WriteAsync(served);
    }

    private static async Task AnswerAsync(Stream connection, int status, string body, bool keepAlive)
    {
        byte[] content = Encoding.UTF8.GetBytes(body);
        string head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\nContent-Length: {content.Length}\r\n{(keepAlive ? "" : "Connection: close\r\n")}\r\n";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head));
        await connection.WriteAsync(content);
        await connection.FlushAsync();
        if (!keepAlive) await connection.DisposeAsync();
    }

    /// <summary>
    /// Reads the next request head (a GET has no body): its request line's target and whether the connection stays
    /// open after the answer; none when the client closed between requests. The head ends at an empty line;
    /// Docker.DotNet ends its header lines with a bare <c>\n</c>, so either line ending counts.
    /// </summary>
    private static async Task<(string Target, bool KeepAlive)?> ReadRequestAsync(Stream connection)
    {
        var head = new List<byte>();
        byte[] one = new byte[1];
        while (!EndsWithEmptyLine(head))
        {
            if (await connection.ReadAsync(one) == 0)
            {
                if (head.Count == 0) return null;
                throw new IOException("the client closed before its request was complete");
            }
            head.Add(one[0]);
        }
        string[] lines = Encoding.ASCII.GetString([.. head]).Split('\n', StringSplitOptions.TrimEntries);
        bool close = lines.Any(line => line.Equals("Connection: close", StringComparison.OrdinalIgnoreCase));
        return (lines[0].Split(' ')[1], !close);
    }

    private static bool EndsWithEmptyLine(List<byte> head) =>
        (head.Count >= 2 && head[^2] == '\n' && head[^1] == '\n') || (head.Count >= 3 && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n');
}
