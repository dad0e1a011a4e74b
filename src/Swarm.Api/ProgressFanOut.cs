using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// One call on several engines in parallel whose progress goes back to the client as it comes, as one JSON-lines
/// answer (<see cref="ImageProgress"/>): every engine's lines under its name, a status line for each engine that
/// failed, and a final error line if any did. The answer is 200 once started, as classic's was.
/// </summary>
public sealed class ProgressFanOut
{
    private static readonly byte[] LineEnd = "\r\n"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpResponse response;
    private readonly CancellationToken cancellationToken;
    private readonly SemaphoreSlim gate = new(1, 1);

    private ProgressFanOut(HttpContext context)
    {
        response = context.Response;
        cancellationToken = context.RequestAborted;
    }

    /// <summary>One engine's part: reports its statuses through the callback and returns its error, if any.</summary>
    public delegate Task<string?> EngineCall(EngineSnapshot engine, Func<string, Task> report);

    /// <summary>
    /// Runs <paramref name="call"/> on every engine at once; an engine that fails (or cannot be reached) gets the status
    /// <paramref name="failedStatus"/>(error), and the answer ends with <see cref="ImageProgress.ErrorLine"/>.
    /// </summary>
    public static async Task Run(HttpContext context, IReadOnlyList<EngineSnapshot> engines, EngineCall call, Func<string, string> failedStatus)
    {
        var fanOut = new ProgressFanOut(context);
        await fanOut.Start();
        var failures = await Task.WhenAll(engines.Select(async engine =>
        {
            string? error;
            try
            {
                error = await call(engine, status => fanOut.Write(ImageProgress.Line(engine.Name, status)));
            }
            catch (HttpRequestException e) when (e.HttpRequestError == HttpRequestError.ConnectionError)
            {
                error = $"Cannot connect to engine {engine.Name} at {engine.Address}: {e.Message}";
            }
            catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
            {
                // The exchange broke off (the engine went away, or the client's body did): this engine failed, the others go on.
                error = $"engine {engine.Name} at {engine.Address}: {(e.InnerException ?? e).Message}";
            }
            if (error is not null) await fanOut.Write(ImageProgress.Line(engine.Name, failedStatus(error)));
            return (engine.Name, Error: error);
        }));
        var failed = failures.Where(f => f.Error is not null).Select(f => (f.Name, f.Error!)).ToList();
        if (failed.Count > 0) await fanOut.Write(ImageProgress.ErrorLine(ImageProgress.Combine(failed)));
    }

    /// <summary>
    /// Reads an engine's answer to a JSON-lines call: each status goes to <paramref name="report"/> through
    /// <paramref name="status"/>; returns the engine's error (its error status, or an error line), or null.
    /// </summary>
    public static async Task<string?> Relay(HttpResponseMessage answer, Func<string, Task> report, Func<string, string> status, CancellationToken cancellationToken)
    {
        if (!answer.IsSuccessStatusCode) return EngineFanOut.Message(await answer.Content.ReadAsByteArrayAsync(cancellationToken));
        using var reader = new StreamReader(await answer.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
        string? line;
        while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
        {
            var (text, error) = ImageProgress.Read(line);
            if (error is not null) return error;
            if (text is not null) await report(status(text));
        }
        return null;
    }

    private async Task Start()
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(cancellationToken);
    }

    private async Task Write(JsonObject line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line.ToJsonString(Json));
        await gate.WaitAsync(cancellationToken);
        try
        {
            await response.Body.WriteAsync(bytes, cancellationToken);
            await response.Body.WriteAsync(LineEnd, cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }
}
