using System.Net;
using System.Text.Json.Nodes;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>The same call on several engines at once, each answer kept whole (status and body), for the routes that act cluster-wide.</summary>
public static class EngineFanOut
{
    /// <summary>The healthy engines, by name.</summary>
    public static async Task<IReadOnlyList<EngineSnapshot>> Healthy(ContainerOwners owners) =>
        [.. (await owners.Engines()).Where(e => e.Health.Status == EngineStatus.Healthy).OrderBy(e => e.Name, StringComparer.Ordinal)];

    /// <summary>The call on every one of the engines in parallel; an engine that cannot be reached answers a JSON 500.</summary>
    public static async Task<(EngineSnapshot? Engine, HttpStatusCode Status, byte[] Body)[]> OnEvery(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, HttpMethod method, string target, CancellationToken cancellationToken) =>
        await Task.WhenAll(engines.Select(async engine =>
        {
            var (status, body) = await Send(proxy, engine, method, target, cancellationToken);
            return ((EngineSnapshot?)engine, status, body);
        }));

    /// <summary>The call on one engine (with a JSON body if given), its answer read whole.</summary>
    public static async Task<(HttpStatusCode Status, byte[] Body)> Send(EngineProxy proxy, EngineSnapshot engine, HttpMethod method, string target, CancellationToken cancellationToken, string? json = null)
    {
        try
        {
            using var response = await proxy.SendAsync(engine, method, target, json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"), cancellationToken);
            return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return (HttpStatusCode.InternalServerError, System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["message"] = $"Cannot connect to engine {engine.Name} at {engine.Address}: {e.Message}" }.ToJsonString()));
        }
    }

    /// <summary>The message of a Docker error body (or the body itself when it is not one).</summary>
    public static string Message(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body)?["message"]?.GetValue<string>() ?? System.Text.Encoding.UTF8.GetString(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(body);
        }
    }
}
