using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Images across the cluster, as classic: the list merged from every healthy engine; inspect, history, save and push
/// (<c>/images/{name}/get</c>, <c>/push</c>: <see cref="ImageHolder"/>) from the first engine holding the image; tag and rmi on
/// every engine holding it (404 <c>No such image</c> when none does). Pull, import, load, save of several images,
/// search and prune: <see cref="ImageTransferRoutes"/>.
/// </summary>
public static class ImageRoutes
{
    public static void MapImageRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapGet("/images/json", async (HttpContext context) =>
        {
            var answers = await EngineFanOut.OnEvery(proxy, await EngineFanOut.Healthy(owners), HttpMethod.Get, "/images/json" + context.Request.QueryString, context.RequestAborted);
            var failed = answers.FirstOrDefault(a => a.Status is not HttpStatusCode.OK);
            if (failed.Engine is not null) return ApiConventions.Error((int)failed.Status, EngineFanOut.Message(failed.Body));
            return ApiConventions.Ok(ImageListing.Merge(answers.Select(a => JsonNode.Parse(a.Body) as JsonArray ?? [])));
        });

        // Image names hold slashes (library/busybox): one catch-all route, the action read off its end.
        app.MapMethods("/images/{**rest}", ["GET", "POST", "DELETE"], async (string rest, HttpContext context) =>
        {
            string method = context.Request.Method;
            var engines = await EngineFanOut.Healthy(owners);
            if (method == "DELETE") return await Remove(proxy, engines, rest, context);
            if (method == "GET" && rest.EndsWith("/get", StringComparison.Ordinal)) return ImageHolder.Of(proxy, engines, rest[..^"/get".Length], "get");
            if (method == "POST" && rest.EndsWith("/push", StringComparison.Ordinal)) return ImageHolder.Of(proxy, engines, rest[..^"/push".Length], "push");
            foreach (string action in new[] { "/json", "/history", "/tag" })
            {
                if (!rest.EndsWith(action, StringComparison.Ordinal)) continue;
                string name = rest[..^action.Length];
                return (method, action) switch
                {
                    ("GET", "/json" or "/history") => await FromFirstHolder(proxy, engines, name, action, context),
                    ("POST", "/tag") => await Tag(proxy, engines, name, context),
                    _ => ApiConventions.Error(404, $"page not found: {method} /images/{rest}"),
                };
            }
            return ApiConventions.Error(404, $"page not found: {method} /images/{rest}");
        });
    }

    private static async Task<IResult> FromFirstHolder(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string name, string action, HttpContext context)
    {
        foreach (var engine in engines)
        {
            var (status, body) = await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/images/{name}{action}", context.RequestAborted);
            if (status == HttpStatusCode.OK) return Results.Bytes(body, "application/json");
        }
        return ApiConventions.Error(404, $"No such image: {name}");
    }

    private static async Task<IResult> Tag(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string name, HttpContext context)
    {
        var answers = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Post, $"/images/{name}/tag{context.Request.QueryString}", context.RequestAborted);
        if (answers.Any(a => a.Status == HttpStatusCode.Created)) return Results.StatusCode(201);
        var refused = answers.FirstOrDefault(a => a.Status is not HttpStatusCode.NotFound);
        return refused.Engine is not null ? ApiConventions.Error((int)refused.Status, EngineFanOut.Message(refused.Body)) : ApiConventions.Error(404, $"No such image: {name}");
    }

    // Every engine holding it; what each deleted or untagged is answered together, as one engine would.
    private static async Task<IResult> Remove(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string name, HttpContext context)
    {
        var answers = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Delete, $"/images/{name}{context.Request.QueryString}", context.RequestAborted);
        var removed = answers.Where(a => a.Status == HttpStatusCode.OK).ToList();
        var errors = answers.Where(a => a.Status is not (HttpStatusCode.OK or HttpStatusCode.NotFound)).ToList();
        if (errors.Count > 0) return ApiConventions.Error((int)errors[0].Status, string.Join("\n", errors.Select(e => $"{e.Engine!.Name}: {EngineFanOut.Message(e.Body)}")));
        if (removed.Count == 0) return ApiConventions.Error(404, $"No such image: {name}");
        return ApiConventions.Ok(new JsonArray([.. removed.SelectMany(a => JsonNode.Parse(a.Body) as JsonArray ?? []).Select(n => n!.DeepClone())]));
    }
}
