using System.Text.Json.Nodes;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// JSON merge patches (RFC 7386): a patch holds what differs from a base object, null for what the base has and
/// the target has not; nested objects are patched in turn, anything else is replaced whole.
/// </summary>
public static class JsonMergePatch
{
    /// <summary>
    /// The patch that turns <paramref name="from"/> into <paramref name="to"/>; null when a patch cannot say it,
    /// because <paramref name="to"/> holds a null in an object (a patch's null means "remove").
    /// </summary>
    public static JsonObject? Between(JsonObject from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (name, value) in to)
        {
            if (value is null) return null;
            var before = from[name];
            if (value is JsonObject toObject && before is JsonObject fromObject)
            {
                if (Between(fromObject, toObject) is not { } nested) return null;
                if (nested.Count > 0) patch[name] = nested;
            }
            else if (!JsonNode.DeepEquals(before, value))
            {
                // A whole object is merged into nothing on the way back: a null in it would be taken for "remove".
                if (value is JsonObject whole && HoldsNull(whole)) return null;
                patch[name] = value.DeepClone();
            }
        }
        foreach (var (name, _) in from)
        {
            if (!to.ContainsKey(name)) patch[name] = null;
        }
        return patch;
    }

    /// <summary>A copy of <paramref name="target"/> with <paramref name="patch"/> applied.</summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        var result = (JsonObject)target.DeepClone();
        foreach (var (name, value) in patch)
        {
            if (value is null) result.Remove(name);
            else if (value is JsonObject nested) result[name] = Apply(result[name] as JsonObject ?? [], nested);
            else result[name] = value.DeepClone();
        }
        return result;
    }

    // Arrays are replaced whole, so only nulls in objects count.
    private static bool HoldsNull(JsonObject value) => value.Any(p => p.Value is null || (p.Value is JsonObject nested && HoldsNull(nested)));
}
