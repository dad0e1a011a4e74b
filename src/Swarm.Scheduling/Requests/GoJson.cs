using System.Text;
using System.Text.Json;

namespace Swarm.Scheduling.Requests;

/// <summary>
/// Reads and writes the JSON string arrays kept in <c>com.docker.swarm.*</c> labels, writing them byte for
/// byte as Go's <c>json.Marshal</c> did, so labels look the same as on containers made by classic Swarm.
/// </summary>
public static class GoJson
{
    public static string WriteStringArray(IEnumerable<string> values)
    {
        var json = new StringBuilder("[");
        bool first = true;
        foreach (string value in values)
        {
            if (!first) json.Append(',');
            first = false;
            AppendString(json, value);
        }
        return json.Append(']').ToString();
    }

    /// <summary>
    /// Parses a JSON array of strings; null when the text is anything else. As Go's <c>json.Unmarshal</c> into
    /// <c>[]string</c> did, <c>null</c> reads as no values and a <c>null</c> element as the empty string.
    /// </summary>
    public static List<string>? TryReadStringArray(string text)
    {
        try
        {
            var values = JsonSerializer.Deserialize<List<string?>>(text);
            return values is null ? [] : [.. values.Select(v => v ?? "")];
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AppendString(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                // Go escapes these for safe embedding in HTML and JavaScript.
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    json.Append("\\u").Append(((int)c).ToString("x4"));
                    break;
                default: json.Append(c); break;
            }
        }
        json.Append('"');
    }
}
