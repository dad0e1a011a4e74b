using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// docker exec through the manager: create on the container's engine (remembering which engine owns the exec ID),
/// then <c>/exec/{id}/start</c> (hijacked), <c>/resize</c> and <c>/json</c> routed to that engine.
/// </summary>
public sealed class ExecRoutes(ContainerOwners owners, EngineProxy proxy, EngineHijack hijack, ExecRegistry registry)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public void Map(WebApplication app)
    {
        app.MapPost("/exec/{id}/start", (string id, HttpContext context) => Start(context, id));
        app.MapPost("/exec/{id}/resize", (string id, HttpContext context) => Resize(context, id));
        app.MapGet("/exec/{id}/json", (string id, HttpContext context) => Inspect(context, id));
    }

    /// <summary><c>POST /containers/{id}/exec</c>, the container already resolved.</summary>
    public async Task Create(HttpContext context, ContainerOwner owner, string target)
    {
        byte[] body = await ReadBody(context.Request);
        if (!HasCommand(body))
        {
            await ApiConventions.Error(400, "No exec command specified").ExecuteAsync(context);
            return;
        }
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (await proxy.ExchangeAsync(context, owner.Engine, HttpMethod.Post, target, content) is not var (response, answer)) return;
        using (response)
        {
            if (response.IsSuccessStatusCode && TryParse(answer)?["Id"]?.GetValue<string>() is { Length: > 0 } execId)
            {
                registry.Remember(execId, new ExecRegistry.ExecOwner(owner.Engine.Id, owner.VirtualId));
            }
            await EngineProxy.Relay(context, response, answer);
        }
    }

    private async Task Start(HttpContext context, string execId)
    {
        var engine = await Locate(context, execId);
        if (engine is null) return;
        string target = EngineRequestTarget.For(EngineRequestTarget.RawTargetOf(context), "exec", execId, "start");
        if (!EngineHijack.IsUpgrade(context))
        {
            // Detached (docker exec -d), or a client that does not ask for an upgrade: a plain call.
            await proxy.ForwardAsync(context, engine, target);
            return;
        }
        byte[] body = context.Request.Headers[HijackConnections.BodyHeader].ToString() is { Length: > 0 } encoded
            ? Convert.FromBase64String(encoded)
            : await ReadBody(context.Request);
        await hijack.Splice(context, engine, target, body);
    }

    private async Task Resize(HttpContext context, string execId)
    {
        var engine = await Locate(context, execId);
        if (engine is not null) await proxy.ForwardAsync(context, engine, EngineRequestTarget.For(EngineRequestTarget.RawTargetOf(context), "exec", execId, "resize"));
    }

    /// <summary><c>GET /exec/{id}/json</c>: the engine's answer, its <c>ContainerID</c> the container's virtual ID.</summary>
    private async Task Inspect(HttpContext context, string execId)
    {
        var engine = await Locate(context, execId);
        if (engine is null) return;
        string target = EngineRequestTarget.For(EngineRequestTarget.RawTargetOf(context), "exec", execId, "json");
        if (await proxy.ExchangeAsync(context, engine, HttpMethod.Get, target, null) is not var (response, body)) return;
        using (response)
        {
            if (response.IsSuccessStatusCode && TryParse(body) is JsonObject exec)
            {
                await ApiConventions.Ok(ContainerInspection.Exec(exec, physicalId => ContainerOwners.VirtualIdOf(engine, physicalId))).ExecuteAsync(context);
                return;
            }
            await EngineProxy.Relay(context, response, body);
        }
    }

    /// <summary>The healthy engine owning the exec, or null once the error (404, unhealthy 500) was answered.</summary>
    private async Task<EngineSnapshot?> Locate(HttpContext context, string execId)
    {
        var engines = await owners.Engines();
        var known = registry.Find(execId);
        var engine = known is null ? null : engines.FirstOrDefault(e => e.Id == known.EngineId);
        if (engine is null)
        {
            // Made through another manager, or forgotten: whichever engine knows it.
            (engine, string containerId) = await AskEveryEngine(engines, execId, context.RequestAborted);
            if (engine is not null) registry.Remember(execId, known = new ExecRegistry.ExecOwner(engine.Id, containerId));
        }
        if (engine is null)
        {
            await ApiConventions.Error(404, $"Exec {execId} not found").ExecuteAsync(context);
            return null;
        }
        if (engine.Health.Status != EngineStatus.Healthy)
        {
            await ApiConventions.Error(500, $"Container {known!.ContainerId} running on unhealthy node {engine.Name}").ExecuteAsync(context);
            return null;
        }
        return engine;
    }

    private async Task<(EngineSnapshot? Engine, string ContainerId)> AskEveryEngine(IReadOnlyList<EngineSnapshot> engines, string execId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AskTimeout);
        var asked = engines.Where(e => e.Health.Status == EngineStatus.Healthy).Select(async engine =>
        {
            try
            {
                using var response = await proxy.SendAsync(engine, HttpMethod.Get, $"/exec/{Uri.EscapeDataString(execId)}/json", null, timeout.Token);
                if (!response.IsSuccessStatusCode) return (null, "");
                string physicalId = TryParse(await response.Content.ReadAsByteArrayAsync(timeout.Token))?["ContainerID"]?.GetValue<string>() ?? "";
                return ((EngineSnapshot?)engine, ContainerOwners.VirtualIdOf(engine, physicalId) ?? physicalId);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                return (null, "");
            }
        }).ToList();
        var answers = await Task.WhenAll(asked);
        return answers.FirstOrDefault(a => a.Item1 is not null);
    }

    // Classic refused an exec without a command itself; anything unreadable is left for the engine to refuse.
    // Field names match case-insensitively, as the engine (Go) reads them.
    private static bool HasCommand(byte[] body)
    {
        if (TryParse(body) is not JsonObject config) return true;
        return config.FirstOrDefault(p => p.Key.Equals("Cmd", StringComparison.OrdinalIgnoreCase)).Value switch
        {
            JsonArray command => command.Count > 0,
            JsonValue command when command.TryGetValue(out string? text) => text.Length > 0,
            _ => false,
        };
    }

    private static JsonNode? TryParse(byte[] body)
    {
        try
        {
            return body.Length == 0 ? null : JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}
