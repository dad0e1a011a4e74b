using System.Text.Json;
using Docker.DotNet;

namespace Swarm.Engines.Tests.Support;

internal static class DockerError
{
    /// <summary>The <c>message</c> of a dockerd error body, as the docker CLI prints it.</summary>
    public static string MessageOf(DockerApiException error)
    {
        using var body = JsonDocument.Parse(error.ResponseBody);
        return body.RootElement.GetProperty("message").GetString() ?? "";
    }
}
