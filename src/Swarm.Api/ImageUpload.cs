using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>POST /images/create?fromSrc=…</c> (import) and <c>POST /images/load</c>: the client's body (a tar) goes once
/// to every healthy engine, streamed through a <see cref="RequestBodyTee"/>, as classic's pipes did; each engine's
/// answer comes back under its name, and the error line at the end if any engine failed.
/// </summary>
public static class ImageUpload
{
    public static Task Import(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines)
    {
        // fromSrc=- is the body; a URL the engines fetch themselves.
        bool fromBody = context.Request.Query["fromSrc"].ToString() == "-";
        return Run(context, proxy, engines, "/images/create", fromBody, status => status, error => error);
    }

    public static Task Load(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines) =>
        Run(context, proxy, engines, "/images/load", fromBody: true, status => $"Loading Image... : {status}", error => $"Loading Image... : {error}", first: "Loading Image...");

    private static async Task Run(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string path, bool fromBody,
        Func<string, string> status, Func<string, string> failed, string? first = null)
    {
        var cancellationToken = context.RequestAborted;
        // Images are large: no limit on this body (Kestrel's default is 30 MB).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
        string target = path + context.Request.QueryString;
        string? contentType = context.Request.ContentType;
        var tee = fromBody ? new RequestBodyTee(engines.Count) : null;
        var copy = tee?.CopyFrom(context.Request.Body, cancellationToken);
        var order = engines.Select((engine, index) => (engine, index)).ToDictionary(p => p.engine.Address, p => p.index, StringComparer.Ordinal);

        var progress = ProgressFanOut.Run(context, engines, async (engine, report) =>
        {
            await using var body = tee?.Copy(order[engine.Address]);
            if (first is not null) await report(first);
            using var request = new HttpRequestMessage(HttpMethod.Post, target);
            if (body is not null)
            {
                request.Content = new StreamContent(body);
                if (contentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
            using var answer = await proxy.SendAsync(engine, request, cancellationToken);
            return await ProgressFanOut.Relay(answer, report, status, cancellationToken);
        }, failed);

        await progress;
        if (copy is not null)
        {
            try
            {
                await copy;
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                // The client's body broke off: every engine saw its copy fail and said so above.
            }
        }
    }
}
