using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary><c>POST /images/prune</c> on every healthy engine, answered as one engine would: what each deleted, and the space they reclaimed together.</summary>
public static class ImagePruning
{
    public static JsonObject Merge(IEnumerable<JsonObject> perEngine)
    {
        JsonArray? deleted = null;
        long reclaimed = 0;
        foreach (var answer in perEngine)
        {
            if (answer["ImagesDeleted"] is JsonArray items)
            {
                deleted ??= [];
                foreach (var item in items) deleted.Add(item?.DeepClone());
            }
            reclaimed += answer["SpaceReclaimed"]?.GetValue<long>() ?? 0;
        }
        return new JsonObject { ["ImagesDeleted"] = deleted, ["SpaceReclaimed"] = reclaimed };
    }
}
