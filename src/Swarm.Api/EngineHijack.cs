using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Swarm.Engines;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Classic's <c>hijack()</c> for attach and exec start: dial the owning engine, write the client's request to it
/// (path rewritten), and once the engine switched protocols, answer the client 101 with the engine's headers and
/// copy bytes both ways. The engine multiplexes (or not, for a TTY); this only splices. When the client's input
/// ends, the engine's write side is closed so the process sees end of stdin; when the engine's output ends, the
/// exchange is over.
/// </summary>
public sealed class EngineHijack(EngineTlsAuthentication? tls)
{
    private const int BufferSize = 32 * 1024;
    private const int MaxResponseHead = 64 * 1024;

    public static bool IsUpgrade(HttpContext context) => context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;

    /// <param name="body">The request body: the exec start JSON (see <see cref="HijackConnections"/>), empty for attach.</param>
    public async Task Splice(HttpContext context, EngineSnapshot engine, string target, byte[] body)
    {
        var cancellationToken = context.RequestAborted;
        EngineConnection connection;
        try
        {
            connection = await EngineConnection.OpenAsync(engine.Address, tls, cancellationToken);
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
        {
            await EngineProxy.Unreachable(engine, e).ExecuteAsync(context);
            return;
        }
        await using (connection)
        {
            var engineStream = connection.Stream;
            await engineStream.WriteAsync(RequestHead(context.Request, engine.Address, target, body.Length), cancellationToken);
            if (body.Length > 0) await engineStream.WriteAsync(body, cancellationToken);
            await engineStream.FlushAsync(cancellationToken);

            var response = await ResponseHead.Read(engineStream, MaxResponseHead, cancellationToken);
            if (response is null)
            {
                await ApiConventions.Error(500, $"engine {engine.Name} closed the connection without answering").ExecuteAsync(context);
                return;
            }
            if (!response.IsRawStream)
            {
                await RelayAnswer(context, engineStream, response);
                return;
            }

            foreach (var (name, value) in response.Headers)
            {
                if (!EngineProxy.NotForwarded.Contains(name)) context.Response.Headers.Append(name, value);
            }
            context.Response.Headers.Upgrade = response.Headers.FirstOrDefault(h => h.Name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)).Value ?? "tcp";
            var client = await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync();
            if (response.Rest.Length > 0)
            {
                await client.WriteAsync(response.Rest, cancellationToken);
                await client.FlushAsync(cancellationToken);
            }
            await Copy(client, connection);
        }
    }

    // Over when the engine's output ends, or when reading the client fails. A client that only closed its write
    // side (stdin done) still gets the output: the engine's write side is closed in turn.
    private static async Task Copy(Stream client, EngineConnection engine)
    {
        using var stop = new CancellationTokenSource();
        var input = Task.Run(async () =>
        {
            await Pump(client, engine.Stream, stop.Token);
            await engine.CloseWriteAsync();
        });
        var output = Pump(engine.Stream, client, stop.Token);
        // Input done (stdin closed): the output still comes. Output done: nothing more to read from the client either.
        if (await Task.WhenAny(input, output) == input && input.IsCompletedSuccessfully) await Ignore(output);
        await stop.CancelAsync();
        await Ignore(input);
        await Ignore(output);
    }

    private static Task Pump(Stream from, Stream to, CancellationToken cancellationToken) => StreamPump.Copy(from, to, BufferSize, cancellationToken);

    private static async Task Ignore(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // One side went away: the splice is over either way.
        }
    }

    private static byte[] RequestHead(HttpRequest request, string address, string target, int bodyLength)
    {
        var head = new StringBuilder();
        var endpoint = EngineConnection.Endpoint(address);
        head.Append($"{request.Method} {target} HTTP/1.1\r\nHost: {(endpoint.Scheme == "unix" ? "docker" : endpoint.Authority)}\r\n");
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals(HijackConnections.BodyHeader, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (string? value in values) head.Append($"{name}: {value}\r\n");
        }
        head.Append($"Content-Length: {bodyLength}\r\n\r\n");
        return Encoding.Latin1.GetBytes(head.ToString());
    }

    // The engine refused (no such exec, container not running …): its answer goes to the client as it is.
    private static async Task RelayAnswer(HttpContext context, Stream engine, ResponseHead response)
    {
        context.Response.StatusCode = response.StatusCode;
        foreach (var (name, value) in response.Headers)
        {
            if (!EngineProxy.NotForwarded.Contains(name)) context.Response.Headers.Append(name, value);
        }
        byte[] body = await response.ReadBody(engine, context.RequestAborted);
        if (response.StatusCode is not (204 or 304)) context.Response.ContentLength = body.Length;
        if (body.Length > 0) await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
