using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Scheduling;

namespace Swarm.Api;

/// <summary>
/// The image calls that move images in or out of the cluster or act on every engine: pull and import
/// (<c>POST /images/create</c>), <c>load</c>, save of several images (<c>GET /images/get</c>), <c>search</c> and
/// <c>prune</c>. Literal paths: they take precedence over the <c>/images/{**rest}</c> catch-all of <see cref="ImageRoutes"/>.
/// </summary>
public static class ImageTransferRoutes
{
    public static void MapImageTransferRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapPost("/images/create", (HttpContext context) => OnHealthy(context, cluster, engines =>
            context.Request.Query["fromImage"].ToString().Length > 0
                ? ImagePull.Run(context, proxy, engines)
                : ImageUpload.Import(context, proxy, engines)));

        app.MapPost("/images/load", (HttpContext context) => OnHealthy(context, cluster, engines => ImageUpload.Load(context, proxy, engines)));

        app.MapGet("/images/get", (HttpContext context) => OnHealthy(context, cluster, engines =>
            ImageHolder.Forward(context, proxy, engines, [.. context.Request.Query["names"].Select(n => n ?? "")], EngineRequestTarget.Versioned(context, "/images/get" + context.Request.QueryString))));

        // Classic sent a search to any one engine; its answer (or its error, e.g. with no network) is passed on as is.
        app.MapGet("/images/search", (HttpContext context) => OnHealthy(context, cluster, engines =>
            proxy.ForwardAsync(context, engines[Random.Shared.Next(engines.Count)], EngineRequestTarget.Versioned(context, "/images/search" + context.Request.QueryString))));

        app.MapPost("/images/prune", async (HttpContext context) =>
        {
            var answers = await EngineFanOut.OnEvery(proxy, await EngineFanOut.Healthy(owners), HttpMethod.Post, "/images/prune" + context.Request.QueryString, context.RequestAborted);
            var errors = answers.Where(a => a.Status != HttpStatusCode.OK).ToList();
            if (errors.Count > 0) return ApiConventions.Error((int)errors[0].Status, string.Join("\n", errors.Select(e => $"{e.Engine!.Name}: {EngineFanOut.Message(e.Body)}")));
            return ApiConventions.Ok(ImagePruning.Merge(answers.Select(a => JsonNode.Parse(a.Body) as JsonObject ?? [])));
        });
    }

    /// <summary>Runs a call over the healthy engines; 500 <c>No healthy node available in the cluster</c> when there are none.</summary>
    internal static async Task OnHealthy(HttpContext context, ClusterEngines cluster, Func<IReadOnlyList<Swarm.Engines.View.EngineSnapshot>, Task> call)
    {
        var engines = await EngineFanOut.Healthy(cluster.Owners);
        try
        {
            if (engines.Count == 0) await ApiConventions.Error(500, SchedulingErrors.NoHealthyNode).ExecuteAsync(context);
            else await call(engines);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: its engine calls were cancelled with it.
        }
    }
}
