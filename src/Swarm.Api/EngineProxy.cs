using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Swarm.Engines;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Classic's <c>proxyAsync</c>: re-sends a client's request to the engine that owns the container and streams the
/// answer back as it comes (flushed, so <c>logs -f</c> and <c>stats</c> flow), cancelled when the client goes away.
/// One <see cref="HttpClient"/> per engine address, kept for the manager's lifetime.
/// </summary>
public sealed class EngineProxy : IDisposable
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Headers that describe one hop, or that the manager answers itself (<see cref="ApiConventions"/>).</summary>
    internal static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Proxy-Authorization",
        "Content-Length", HijackConnections.BodyHeader, "Api-Version", "Ostype", "Docker-Experimental", "Server", "Date",
    };

    private readonly ConcurrentDictionary<string, Lazy<(HttpClient Client, Uri BaseAddress)>> clients = new(StringComparer.Ordinal);

    public EngineProxy(EngineTlsOptions? tls)
    {
        Tls = tls is null ? null : new EngineTlsAuthentication(tls);
    }

    public EngineTlsAuthentication? Tls { get; }

    /// <summary>Sends a request of the manager's own making and returns the engine's answer with its body still to read.</summary>
    public async Task<HttpResponseMessage> SendAsync(EngineSnapshot engine, HttpMethod method, string target, HttpContent? content, CancellationToken cancellationToken)
    {
        var (client, baseAddress) = ClientFor(engine.Address);
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, target)) { Content = content };
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>
    /// Sends a request of the manager's own making whose URI is relative to the engine (<c>/images/create?…</c>), with
    /// its headers and content as given, and returns the answer with its body still to read. The caller owns the
    /// request: a streamed body stays in use until the answer's headers have come.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(EngineSnapshot engine, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var (client, baseAddress) = ClientFor(engine.Address);
        request.RequestUri = new Uri(baseAddress, request.RequestUri!.OriginalString);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>
    /// Sends the client's request (method, headers, body streamed) to <paramref name="target"/> on the engine and
    /// streams the engine's answer back. <paramref name="rewriteLine"/>, if given, rewrites each line of the answer
    /// (newline-delimited JSON such as stats).
    /// </summary>
    public async Task ForwardAsync(HttpContext context, EngineSnapshot engine, string target, Func<string, string>? rewriteLine = null)
    {
        var cancellationToken = context.RequestAborted;
        var (client, baseAddress) = ClientFor(engine.Address);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(baseAddress, target));
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        {
            request.Content = new StreamContent(context.Request.Body, BufferSize);
            request.Content.Headers.ContentLength = context.Request.ContentLength;
        }
        CopyRequestHeaders(context.Request.Headers, request);

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (HttpRequestException e)
        {
            await Unreachable(engine, e).ExecuteAsync(context);
            return;
        }
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            CopyResponseHeaders(response, context.Response, keepLength: rewriteLine is null);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                // Headers go out now: a follower of logs or stats may wait long for the first byte.
                await context.Response.StartAsync(cancellationToken);
                await context.Response.Body.FlushAsync(cancellationToken);
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                if (rewriteLine is null) await Pump(body, context.Response.Body, cancellationToken);
                else await PumpLines(body, context.Response.Body, rewriteLine, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException && cancellationToken.IsCancellationRequested)
            {
                // The client left (Ctrl-C on logs -f): the engine's request is cancelled with it.
            }
        }
    }

    /// <summary>
    /// One exchange whose answer the manager reads whole (to rewrite it, or to learn from it); null once a 500 was
    /// answered because the engine could not be reached. The caller disposes the response.
    /// </summary>
    public async Task<(HttpResponseMessage Response, byte[] Body)?> ExchangeAsync(HttpContext context, EngineSnapshot engine, HttpMethod method, string target, HttpContent? content)
    {
        try
        {
            var response = await SendAsync(engine, method, target, content, context.RequestAborted);
            return (response, await response.Content.ReadAsByteArrayAsync(context.RequestAborted));
        }
        catch (HttpRequestException e)
        {
            await Unreachable(engine, e).ExecuteAsync(context);
            return null;
        }
    }

    /// <summary>Sends the engine's buffered answer on to the client unchanged.</summary>
    public static async Task Relay(HttpContext context, HttpResponseMessage response, byte[] body)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        CopyResponseHeaders(response, context.Response, keepLength: false);
        if (context.Response.StatusCode is not (204 or 304)) context.Response.ContentLength = body.Length;
        if (body.Length > 0) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Docker's JSON 500 for an engine that cannot be reached.</summary>
    public static IResult Unreachable(EngineSnapshot engine, Exception error) =>
        ApiConventions.Error(500, $"Cannot connect to engine {engine.Name} at {engine.Address}: {error.Message}");

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated)) client.Value.Client.Dispose();
    }

    internal static void CopyRequestHeaders(IHeaderDictionary headers, HttpRequestMessage request)
    {
        foreach (var (name, values) in headers)
        {
            if (NotForwarded.Contains(name)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values)) request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        }
    }

    private static void CopyResponseHeaders(HttpResponseMessage response, HttpResponse to, bool keepLength)
    {
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> headers = response.Headers.Concat(response.Content.Headers);
        foreach (var (name, values) in headers)
        {
            if (NotForwarded.Contains(name)) continue;
            to.Headers[name] = values.ToArray();
        }
        if (keepLength && response.Content.Headers.ContentLength is { } length) to.ContentLength = length;
    }

    private static Task Pump(Stream from, Stream to, CancellationToken cancellationToken) => StreamPump.Copy(from, to, BufferSize, cancellationToken);

    private static async Task PumpLines(Stream from, Stream to, Func<string, string> rewriteLine, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(from, Encoding.UTF8);
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            await to.WriteAsync(Encoding.UTF8.GetBytes(rewriteLine(line) + "\n"), cancellationToken);
            await to.FlushAsync(cancellationToken);
        }
    }

    private (HttpClient Client, Uri BaseAddress) ClientFor(string address) =>
        clients.GetOrAdd(address, a => new Lazy<(HttpClient, Uri)>(() => CreateClient(a))).Value;

    private (HttpClient, Uri) CreateClient(string address)
    {
        var endpoint = EngineConnection.Endpoint(address);
        bool unix = endpoint.Scheme == "unix";
        bool secure = Tls is not null && !unix;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (_, token) => await EngineConnection.ConnectPlainAsync(endpoint, token),
        };
        if (secure) handler.SslOptions = Tls!.ClientOptions(null);
        var baseAddress = unix ? new Uri("http://localhost/") : new Uri($"{(secure ? "https" : "http")}://{endpoint.Host}:{endpoint.Port}/");
        return (new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, baseAddress);
    }
}
