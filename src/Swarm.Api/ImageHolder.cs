using System.Net;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// The image calls one engine holding the image answers, streamed, as classic: save (<c>GET /images/get?names=…</c>
/// from the first healthy engine holding every name, <c>GET /images/{name}/get</c>) and push
/// (<c>POST /images/{name}/push?tag=…</c>, registry credentials passed on). 404 <c>No such image</c> when no engine
/// holds one of the images.
/// </summary>
public static class ImageHolder
{
    /// <summary>Passes the call on to the first engine (by name) holding every one of <paramref name="names"/>.</summary>
    public static async Task Forward(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, IReadOnlyList<string> names, string target)
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

    /// <summary>Save or push of one image, as an answer of the image catch-all route.</summary>
    /// <param name="action"><c>get</c>, or <c>push</c> (whose <c>tag</c> query names the image with <paramref name="name"/>).</param>
    public static IResult Of(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string name, string action) => new Streamed(context =>
    {
        string tag = action == "push" ? context.Request.Query["tag"].ToString() : "";
        string image = tag.Length > 0 ? $"{name}:{tag}" : name;
        return Forward(context, proxy, engines, [image], EngineRequestTarget.Versioned(context, $"/images/{name}/{action}{context.Request.QueryString}"));
    });

    // Which of the names the engine holds, as the engine itself resolves them (names, tags, IDs, digests).
    private static async Task<bool[]> Holds(EngineProxy proxy, EngineSnapshot engine, IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        await Task.WhenAll(names.Select(async name =>
            (await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/images/{name}/json", cancellationToken)).Status == HttpStatusCode.OK));

    private sealed class Streamed(Func<HttpContext, Task> run) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => run(httpContext);
    }
}
