using System.Text.Json;
using Docker.DotNet;

namespace Swarm.Engines;

/// <summary>The <c>message</c> of an engine's error answer, which is what Docker clients show.</summary>
public static class DockerErrorMessage
{
    public static string Of(DockerApiException error)
    {
        string body = error.ResponseBody ?? "";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String) return message.GetString()!;
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }
        return body.Trim();
    }
}
