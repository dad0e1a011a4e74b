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
        try
        {
            if (JsonNode.Parse(filters) is not JsonObject read) throw new System.Text.Json.JsonException("not an object");
            foreach (var (name, values) in read)
            {
                parsed[name] = values switch
                {
                    JsonObject map => [.. map.Where(v => v.Value?.GetValueKind() != System.Text.Json.JsonValueKind.False).Select(v => v.Key)],
                    JsonArray list => [.. list.Select(v => v?.GetValue<string>() ?? "")],
                    _ => throw new System.Text.Json.JsonException($"bad values for {name}"),
                };
            }
            return parsed;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            error = "invalid filter: " + e.Message;
            return null;
        }
    }
}
