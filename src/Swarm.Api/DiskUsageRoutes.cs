using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>GET /system/df</c> across the cluster (classic had none): every healthy engine's answer merged as the other
/// cluster-wide lists show things, so <c>docker system df</c> (and <c>-v</c>) against the manager describe the whole
/// cluster: layer sizes summed, images grouped by ID as <c>images/json</c> (<see cref="ImageListing"/>), containers
/// under their virtual ID and named <c>/node/name</c> as <c>docker ps</c> (<see cref="ContainerListing"/>), volumes
/// named <c>node/name</c> as <see cref="VolumeRoutes"/>, build cache from every engine.
/// </summary>
public static class DiskUsageRoutes
{
    public static void MapDiskUsageRoutes(this WebApplication app, ClusterEngines cluster)
    {
        app.MapGet("/system/df", async (HttpContext context) =>
        {
            var engines = await EngineFanOut.Healthy(cluster.Owners);
            var answers = await EngineFanOut.OnEvery(cluster.Proxy, engines, HttpMethod.Get, EngineRequestTarget.Versioned(context, "/system/df" + context.Request.QueryString), context.RequestAborted);
            var failed = answers.FirstOrDefault(a => a.Status != HttpStatusCode.OK);
            if (failed.Engine is not null) return ApiConventions.Error((int)failed.Status, $"{failed.Engine.Name}: {EngineFanOut.Message(failed.Body)}");
            return ApiConventions.Ok(Merge(answers.Select(a => (a.Engine!, JsonNode.Parse(a.Body) as JsonObject ?? []))));
        });
    }

    public static JsonObject Merge(IEnumerable<(EngineSnapshot Engine, JsonObject Usage)> perEngine)
    {
        var answers = perEngine.ToList();
        var merged = new JsonObject { ["LayersSize"] = answers.Sum(a => Long(a.Usage["LayersSize"])) };

        var images = answers.Select(a => a.Usage["Images"] as JsonArray).OfType<JsonArray>().ToList();
        if (images.Count > 0) merged["Images"] = MergeImages(images);

        var containers = answers.Where(a => a.Usage["Containers"] is JsonArray).ToList();
        if (containers.Count > 0)
        {
            merged["Containers"] = new JsonArray([.. containers.SelectMany(a => ((JsonArray)a.Usage["Containers"]!).OfType<JsonObject>().Select(c => (JsonNode)NodeScopedContainer(c, a.Engine)))]);
        }

        var volumes = answers.Where(a => a.Usage["Volumes"] is JsonArray).ToList();
        if (volumes.Count > 0)
        {
            merged["Volumes"] = new JsonArray([.. volumes.SelectMany(a => ((JsonArray)a.Usage["Volumes"]!).OfType<JsonObject>().Select(v => (JsonNode)VolumeRoutes.NodeScoped(v, a.Engine)))]);
        }

        var caches = answers.Select(a => a.Usage["BuildCache"] as JsonArray).OfType<JsonArray>().ToList();
        if (caches.Count > 0) merged["BuildCache"] = new JsonArray([.. caches.SelectMany(c => c).Select(c => c?.DeepClone())]);

        // Older engines report the build cache's size on its own.
        if (answers.Any(a => a.Usage["BuilderSize"] is not null)) merged["BuilderSize"] = answers.Sum(a => Long(a.Usage["BuilderSize"]));
        return merged;
    }

    // Grouped by ID as images/json; the same image on several engines is used by the containers of all of them.
    private static JsonArray MergeImages(IReadOnlyList<JsonArray> perEngine)
    {
        var containers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var image in perEngine.SelectMany(list => list).OfType<JsonObject>())
        {
            string id = image["Id"]?.GetValue<string>() ?? "";
            long count = Long(image["Containers"]);
            containers[id] = containers.TryGetValue(id, out long sum) ? (sum < 0 || count < 0 ? -1 : sum + count) : count;
        }
        var merged = ImageListing.Merge(perEngine);
        foreach (var image in merged.OfType<JsonObject>())
        {
            if (image["Containers"] is not null) image["Containers"] = containers[image["Id"]?.GetValue<string>() ?? ""];
        }
        return merged;
    }

    private static JsonObject NodeScopedContainer(JsonObject container, EngineSnapshot engine)
    {
        var copy = (JsonObject)container.DeepClone();
        string id = copy["Id"]?.GetValue<string>() ?? "";
        copy["Id"] = ContainerOwners.VirtualIdOf(engine, id) ?? id;
        if (copy["Names"] is JsonArray names)
        {
            copy["Names"] = new JsonArray([.. names.Select(n => (JsonNode)$"/{engine.Name}{n?.GetValue<string>()}")]);
        }
        return copy;
    }

    private static long Long(JsonNode? node) => node is JsonValue value && value.TryGetValue(out long number) ? number : 0;
}
