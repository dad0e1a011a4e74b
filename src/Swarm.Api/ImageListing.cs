using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// <c>GET /images/json</c> across the cluster, as classic did: every engine's list, grouped by image ID with
/// RepoTags and RepoDigests merged without duplicates, newest first.
/// </summary>
public static class ImageListing
{
    public static JsonArray Merge(IEnumerable<JsonArray> perEngine)
    {
        var byId = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var image in perEngine.SelectMany(list => list).OfType<JsonObject>())
        {
            string id = image["Id"]?.GetValue<string>() ?? "";
            if (!byId.TryGetValue(id, out var merged))
            {
                byId[id] = (JsonObject)image.DeepClone();
                continue;
            }
            foreach (string field in new[] { "RepoTags", "RepoDigests" }) merged[field] = Union(merged[field], image[field]);
        }
        return [.. byId.Values.OrderByDescending(i => i["Created"]?.GetValue<long>() ?? 0).Select(i => (JsonNode)i)];
    }

    private static JsonArray Union(JsonNode? first, JsonNode? second)
    {
        var values = new[] { first, second }.OfType<JsonArray>().SelectMany(a => a).Select(v => v!.GetValue<string>()).Distinct(StringComparer.Ordinal);
        return [.. values.Select(v => (JsonNode)v)];
    }
}
