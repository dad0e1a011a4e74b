using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// The <c>filters</c> query parameter as Docker reads it: a JSON object from filter name to values, either
/// <c>{"name":{"web":true}}</c> (current clients) or <c>{"name":["web"]}</c> (older ones).
/// </summary>
public static class DockerFilters
{
    /// <summary>The values by filter name (empty for an empty parameter); null and Docker's error text when it is not such JSON.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>>? TryParse(string? filters, out string? error)
    {
        error = null;
        var parsed = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(filters)) return parsed;
        JsonObject read;
        try
        {
            if (JsonNode.Parse(filters) is not JsonObject json)
            {
                error = "invalid filter: filters should be a JSON object";
                return null;
            }
            read = json;
        }
        catch (System.Text.Json.JsonException e)
        {
            error = $"invalid filter: {e.Message}";
            return null;
        }
        foreach (var (key, values) in read)
        {
            switch (values)
            {
                case JsonObject set:
                    parsed[key] = [.. set.Select(v => v.Key)];
                    break;
                case JsonArray list when list.All(v => v is JsonValue value && value.TryGetValue(out string? _)):
                    parsed[key] = [.. list.Select(v => v!.GetValue<string>())];
                    break;
                default:
                    error = $"invalid filter: '{key}' must hold a set of values";
                    return null;
            }
        }
        return parsed;
    }
}
