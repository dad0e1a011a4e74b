using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Volumes as classic: listed from every engine, local ones as <c>node/name</c>; created on every engine, or only
/// on one with <c>node/name</c>; removed from every engine holding the name (or the named node's).
/// </summary>
public static class VolumeRoutes
{
    public static void MapVolumeRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapGet("/volumes", async (HttpContext context) =>
        {
            // Classic's node filter and the name filter (which may name node/name) are the manager's; the rest the engines'.
            var filters = DockerFilters.TryParse(context.Request.Query["filters"].ToString(), out string? error);
            if (filters is null) return ApiConventions.Error(400, error!);
            var nodes = filters.GetValueOrDefault("node") ?? [];
            var names = filters.GetValueOrDefault("name") ?? [];
            var engineFilters = new JsonObject();
            foreach (var (key, values) in filters.Where(f => f.Key is not ("node" or "name")))
            {
                engineFilters[key] = new JsonObject(values.Select(v => KeyValuePair.Create(v, (JsonNode?)JsonValue.Create(true))));
            }
            string query = engineFilters.Count > 0 ? "?filters=" + Uri.EscapeDataString(engineFilters.ToJsonString()) : "";
            var engines = (await EngineFanOut.Healthy(owners)).Where(e => nodes.Count == 0 || nodes.Contains(e.Name)).ToList();
            var answers = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Get, "/volumes" + query, context.RequestAborted);
            var volumes = new JsonArray();
            foreach (var (engine, status, body) in answers)
            {
                if (status != HttpStatusCode.OK) return ApiConventions.Error((int)status, EngineFanOut.Message(body));
                foreach (var volume in (JsonNode.Parse(body)?["Volumes"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    var scoped = NodeScoped(volume, engine!);
                    string listed = scoped["Name"]?.GetValue<string>() ?? "";
                    if (names.Count == 0 || names.Any(n => listed.Contains(n, StringComparison.Ordinal))) volumes.Add(scoped);
                }
            }
            return ApiConventions.Ok(new JsonObject { ["Volumes"] = volumes, ["Warnings"] = new JsonArray() });
        });

        app.MapPost("/volumes/prune", async (HttpContext context) =>
        {
            var answers = await EngineFanOut.OnEvery(proxy, await EngineFanOut.Healthy(owners), HttpMethod.Post, "/volumes/prune" + context.Request.QueryString, context.RequestAborted);
            var deleted = new JsonArray();
            long reclaimed = 0;
            foreach (var (engine, status, body) in answers)
            {
                if (status != HttpStatusCode.OK) return ApiConventions.Error((int)status, $"{engine!.Name}: {EngineFanOut.Message(body)}");
                var pruned = JsonNode.Parse(body);
                foreach (var name in pruned?["VolumesDeleted"] as JsonArray ?? []) deleted.Add($"{engine!.Name}/{name?.GetValue<string>()}");
                reclaimed += pruned?["SpaceReclaimed"]?.GetValue<long>() ?? 0;
            }
            return ApiConventions.Ok(new JsonObject { ["VolumesDeleted"] = deleted, ["SpaceReclaimed"] = reclaimed });
        });

        app.MapPost("/volumes/create", async (HttpContext context) =>
        {
            JsonObject request;
            try
            {
                request = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? [];
            }
            catch (System.Text.Json.JsonException e)
            {
                return ApiConventions.Error(400, "invalid JSON: " + e.Message);
            }
            var engines = await EngineFanOut.Healthy(owners);
            string name = request["Name"] is JsonValue value && value.TryGetValue(out string? given) ? given : "";
            var (targets, bare) = Targets(engines, name);
            if (targets.Count == 0) return ApiConventions.Error(404, $"No such node: {name[..name.IndexOf('/')]}");
            // Classic's whitelist label: only on the nodes it names (com.docker.swarm.whitelists=["node==a|b"]).
            if (request["Labels"]?[WhitelistLabel] is JsonValue whitelist && whitelist.TryGetValue(out string? listed))
            {
                var allowed = WhitelistedNodes(listed, out string? whitelistError);
                if (allowed is null) return ApiConventions.Error(400, whitelistError!);
                targets = [.. targets.Where(e => allowed.Contains(e.Name))];
                if (targets.Count == 0) return ApiConventions.Error(404, $"No node in the whitelist {listed} is healthy");
            }
            // One name for every engine, as the engines would each pick another.
            request["Name"] = bare.Length > 0 ? bare : Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            var answers = await Task.WhenAll(targets.Select(engine => EngineFanOut.Send(proxy, engine, HttpMethod.Post, "/volumes/create", context.RequestAborted, request.ToJsonString())));
            var failed = answers.FirstOrDefault(a => a.Status != HttpStatusCode.Created);
            if (failed.Body is not null) return ApiConventions.Error((int)failed.Status, EngineFanOut.Message(failed.Body));
            var created = (JsonObject)JsonNode.Parse(answers[0].Body)!;
            if (targets.Count == 1 && name.Contains('/')) created["Name"] = name;
            return ApiConventions.Ok(created, 201);
        });

        app.MapGet("/volumes/{**name}", async (string name, HttpContext context) =>
        {
            var (targets, bare) = Targets(await EngineFanOut.Healthy(owners), name);
            foreach (var engine in targets)
            {
                var (status, body) = await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/volumes/{bare}", context.RequestAborted);
                if (status == HttpStatusCode.OK) return ApiConventions.Ok(NodeScoped((JsonObject)JsonNode.Parse(body)!, engine));
            }
            return ApiConventions.Error(404, $"get {name}: no such volume");
        });

        app.MapDelete("/volumes/{**name}", async (string name, HttpContext context) =>
        {
            var (targets, bare) = Targets(await EngineFanOut.Healthy(owners), name);
            var answers = await EngineFanOut.OnEvery(proxy, targets, HttpMethod.Delete, $"/volumes/{bare}{context.Request.QueryString}", context.RequestAborted);
            var errors = answers.Where(a => a.Status is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound)).ToList();
            if (errors.Count > 0) return ApiConventions.Error((int)errors[0].Status, string.Join("\n", errors.Select(e => $"{e.Engine!.Name}: {EngineFanOut.Message(e.Body)}")));
            return answers.Any(a => a.Status == HttpStatusCode.NoContent) ? Results.NoContent() : ApiConventions.Error(404, $"get {name}: no such volume");
        });
    }

    public const string WhitelistLabel = "com.docker.swarm.whitelists";

    /// <summary>The node names a whitelist label lists (<c>["node==a|b"]</c>; key and operator unread, as classic); null and why when it is not such a label.</summary>
    public static HashSet<string>? WhitelistedNodes(string label, out string? error)
    {
        error = null;
        var expressions = Swarm.Scheduling.Requests.GoJson.TryReadStringArray(label);
        if (expressions is null || expressions.Count == 0)
        {
            error = $"Invalid label {WhitelistLabel}: expected a JSON array of strings, got {label}";
            return null;
        }
        var nodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (string expression in expressions)
        {
            var parsed = Swarm.Scheduling.Expressions.Expression.TryParse(expression, out error);
            if (parsed is null) return null;
            nodes.UnionWith(parsed.Value.Text.Split('|'));
        }
        return nodes;
    }

    /// <summary>The engines a volume name addresses (<c>node/name</c>: that node's; a bare name: all) and the name on them.</summary>
    public static (IReadOnlyList<EngineSnapshot> Engines, string Name) Targets(IReadOnlyList<EngineSnapshot> engines, string name)
    {
        int slash = name.IndexOf('/');
        if (slash < 0) return (engines, name);
        string node = name[..slash];
        return ([.. engines.Where(e => e.Name == node)], name[(slash + 1)..]);
    }

    /// <summary>A local volume shows which node it lives on, as classic showed it.</summary>
    public static JsonObject NodeScoped(JsonObject volume, EngineSnapshot engine)
    {
        var copy = (JsonObject)volume.DeepClone();
        if ((copy["Scope"]?.GetValue<string>() ?? "local") == "local") copy["Name"] = $"{engine.Name}/{copy["Name"]?.GetValue<string>()}";
        return copy;
    }
}
