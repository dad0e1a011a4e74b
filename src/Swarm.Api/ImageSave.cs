using System.Net;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>GET /images/get?names=…</c> and <c>GET /images/{name}/get</c>: the tar comes, streamed, from one healthy engine
/// holding every named image (the first by name), as classic; 404 <c>No such image</c> when no engine holds one of them.
/// </summary>
public static class ImageSave
{
    public static async Task Run(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, IReadOnlyList<string> names, string target)
    {
        var held = await Task.WhenAll(engines.Select(engine => Holds(proxy, engine, names, context.RequestAborted)));
        int holder = Array.FindIndex(held, h => h.All(x => x));
        if (holder >= 0)
        {
            await proxy.ForwardAsync(context, engines[holder], target);
            return;
        }
        string? missing = names.Where((_, i) => !held.Any(h => h[i])).FirstOrDefault();
        var error = missing is not null
            ? ApiConventions.Error(404, $"No such image: {missing}")
            : ApiConventions.Error(404, $"Unable to find an engine containing all images: [{string.Join(" ", names)}]");
        await error.ExecuteAsync(context);
    }

    /// <summary>The save as an answer of the image catch-all route (<c>GET /images/{name}/get</c>).</summary>
    public static IResult Of(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string name) =>
        new Streamed(context => Run(context, proxy, engines, [name], EngineRequestTarget.Versioned(context, $"/images/{name}/get{context.Request.QueryString}")));

    // Which of the names the engine holds, as the engine itself resolves them (names, tags, IDs, digests).
    private static async Task<bool[]> Holds(EngineProxy proxy, EngineSnapshot engine, IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        await Task.WhenAll(names.Select(async name =>
            (await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/images/{name}/json", cancellationToken)).Status == HttpStatusCode.OK));

    private sealed class Streamed(Func<HttpContext, Task> run) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => run(httpContext);
    }
}
