using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// The JSON-lines progress of a call made on several engines at once (pull, import, load), as classic wrote it:
/// one line per engine message, <c>id</c> the engine's name, and at the end an error line if any engine failed.
/// </summary>
public static class ImageProgress
{
    /// <summary>A progress line of one engine, which the docker CLI draws as <c>node-1: status</c>.</summary>
    public static JsonObject Line(string engine, string status) => new() { ["status"] = status, ["id"] = engine };

    /// <summary>The last line when an engine failed: the docker CLI shows its message and exits non-zero.</summary>
    public static JsonObject ErrorLine(string message) => new()
    {
        ["errorDetail"] = new JsonObject { ["code"] = 1, ["message"] = message },
        ["error"] = message,
    };

    /// <summary>
    /// What one line of an engine's JSON-lines answer says: its error, or its status as one text (the layer ID, the
    /// status and the progress bar, or a <c>stream</c> text); neither for lines that carry nothing to show (<c>aux</c>).
    /// A line that is not JSON is taken as a status.
    /// </summary>
    public static (string? Status, string? Error) Read(string line)
    {
        line = line.Trim();
        if (line.Length == 0) return (null, null);
        JsonObject? message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return (line, null);
        }
        if (message is null) return (line, null);
        string? error = Text(message["errorDetail"]?["message"]) is { Length: > 0 } detail ? detail : Text(message["error"]);
        if (!string.IsNullOrEmpty(error)) return (null, error);
        if (Text(message["stream"]) is { } stream) return (stream.TrimEnd('\r', '\n') is { Length: > 0 } trimmed ? trimmed : null, null);
        if (Text(message["status"]) is not { Length: > 0 } status) return (null, null);
        string id = Text(message["id"]) is { Length: > 0 } layer ? layer + ": " : "";
        string progress = Text(message["progress"]) is { Length: > 0 } bar ? " " + bar : "";
        return (id + status + progress, null);
    }

    /// <summary>The message of the final error line: the engines' one message, or each engine's on a line of its own.</summary>
    public static string Combine(IReadOnlyList<(string Engine, string Error)> failures)
    {
        var distinct = failures.Select(f => f.Error).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : string.Join("\n", failures.OrderBy(f => f.Engine, StringComparer.Ordinal).Select(f => $"{f.Engine}: {f.Error}"));
    }

    /// <summary>The image a pull names: <c>fromImage</c> with its <c>tag</c>, which may be a digest.</summary>
    public static string PulledImage(string fromImage, string tag) =>
        tag.Length == 0 ? fromImage : fromImage + (tag.Contains(':', StringComparison.Ordinal) ? "@" : ":") + tag;

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : null;
}
