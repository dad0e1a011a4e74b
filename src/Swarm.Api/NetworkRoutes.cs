using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Networks across the cluster. Listed as classic: local ones <c>node/name</c>, global ones once. Looked up by ID,
/// short ID, name, <c>node/name</c>, ID prefix (<see cref="NetworkLookup"/>). A bare name is created on every
/// healthy engine, so a container can join it wherever it is placed; <c>node/name</c> only on that node. Removed
/// from every engine holding it; connect and disconnect go to the container's engine, with that engine's copy.
/// Networks are read live from the engines on every call, so an answer never lags behind a create.
/// </summary>
public static class NetworkRoutes
{
    public static void MapNetworkRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapGet("/networks", async (HttpContext context) =>
        {
            if (!NetworkListing.TryParseFilters(context.Request.Query["filters"].ToString(), out var filters, out string error)) return ApiConventions.Error(400, error);
            var engines = await EngineFanOut.Healthy(owners);
            var (entries, failed) = await Read(proxy, engines, filters.ForEngines, context.RequestAborted);
            if (failed is not null) return failed;
            return ApiConventions.Ok(NetworkListing.List(entries, filters, (entry, physicalId) => VirtualIdOf(engines, entry, physicalId)));
        });

        app.MapPost("/networks/create", async (HttpContext context) =>
        {
            var (request, invalid) = await ReadBody(context);
            if (invalid is not null) return invalid;
            var engines = await EngineFanOut.Healthy(owners);
            string name = NetworkEntry.Text(request["Name"]);
            var (targets, bare) = VolumeRoutes.Targets(engines, name);
            if (targets.Count == 0)
            {
                return name.Contains('/') ? ApiConventions.Error(404, $"No such node: {name[..name.IndexOf('/')]}") : ApiConventions.Error(500, "No healthy node available in the cluster");
            }
            request["Name"] = bare;
            // One name on every engine must mean one network there (API 1.44 checks always; older engines only when asked).
            request["CheckDuplicate"] = true;
            var answers = await Task.WhenAll(targets.Select(engine => EngineFanOut.Send(proxy, engine, HttpMethod.Post, "/networks/create", context.RequestAborted, request.ToJsonString())));
            int refused = Array.FindIndex(answers, a => a.Status != HttpStatusCode.Created);
            if (refused < 0) return Relay(HttpStatusCode.Created, answers[0].Body);
            // All or nothing: a network only some engines got would make the name mean different things per node.
            await Task.WhenAll(targets.Zip(answers).Where(p => p.Second.Status == HttpStatusCode.Created).Select(p =>
                EngineFanOut.Send(proxy, p.First, HttpMethod.Delete, $"/networks/{CreatedId(p.Second.Body)}", CancellationToken.None)));
            return ApiConventions.Error((int)answers[refused].Status, EngineFanOut.Message(answers[refused].Body));
        });

        app.MapPost("/networks/prune", async (HttpContext context) =>
        {
            var engines = await EngineFanOut.Healthy(owners);
            var answers = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Post, "/networks/prune" + context.Request.QueryString, context.RequestAborted);
            var deleted = new JsonArray();
            foreach (var (engine, status, body) in answers)
            {
                if (status != HttpStatusCode.OK) return ApiConventions.Error((int)status, $"{engine!.Name}: {EngineFanOut.Message(body)}");
                foreach (var name in ParseObject(body)?["NetworksDeleted"] as JsonArray ?? []) deleted.Add($"{engine!.Name}/{NetworkEntry.Text(name)}");
            }
            return ApiConventions.Ok(new JsonObject { ["NetworksDeleted"] = deleted });
        });

        // node/name holds a slash: one catch-all route, connect and disconnect read off its end.
        app.MapMethods("/networks/{**rest}", ["GET", "POST", "DELETE"], async (string rest, HttpContext context) =>
        {
            var engines = await EngineFanOut.Healthy(owners);
            switch (context.Request.Method)
            {
                case "GET":
                    return await Inspect(proxy, engines, rest, context);
                case "DELETE":
                    return await Remove(proxy, engines, rest, context);
            }
            foreach (string action in new[] { "connect", "disconnect" })
            {
                if (rest.EndsWith("/" + action, StringComparison.Ordinal)) return await Attach(proxy, owners, engines, rest[..^(action.Length + 1)], action, context);
            }
            return ApiConventions.Error(404, $"page not found: POST /networks/{rest}");
        });
    }

    private static async Task<IResult> Inspect(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string reference, HttpContext context)
    {
        var (entries, failed) = await Read(proxy, engines, "", context.RequestAborted);
        if (failed is not null) return failed;
        if (NetworkLookup.Find(reference, entries) is not { } found) return NotFound(reference);
        var engine = engines.First(e => e.Id == found.NodeId);
        var (status, body) = await EngineFanOut.Send(proxy, engine, HttpMethod.Get, $"/networks/{found.Id}{context.Request.QueryString}", context.RequestAborted);
        if (status != HttpStatusCode.OK || ParseObject(body) is not { } network) return status == HttpStatusCode.NotFound ? NotFound(reference) : ApiConventions.Error((int)status, EngineFanOut.Message(body));
        return ApiConventions.Ok((found with { Network = network }).Shown(physicalId => ContainerOwners.VirtualIdOf(engine, physicalId)));
    }

    private static async Task<IResult> Remove(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string reference, HttpContext context)
    {
        var (entries, failed) = await Read(proxy, engines, "", context.RequestAborted);
        if (failed is not null) return failed;
        var holders = NetworkLookup.Holders(reference, entries);
        if (holders.Count == 0) return NotFound(reference);
        var answers = await Task.WhenAll(holders.Select(async holder =>
        {
            var (status, body) = await EngineFanOut.Send(proxy, engines.First(e => e.Id == holder.NodeId), HttpMethod.Delete, $"/networks/{holder.Id}", context.RequestAborted);
            return (holder.Node, status, body);
        }));
        // Gone meanwhile is as good as removed.
        var errors = answers.Where(a => a.status is not (HttpStatusCode.NoContent or HttpStatusCode.OK or HttpStatusCode.NotFound)).ToList();
        if (errors.Count == 0) return Results.NoContent();
        string message = holders.Count == 1 ? EngineFanOut.Message(errors[0].body) : string.Join("\n", errors.Select(e => $"{e.Node}: {EngineFanOut.Message(e.body)}"));
        return ApiConventions.Error((int)errors[0].status, message);
    }

    // The container's engine is the one to ask; its own copy of the network is the one to name.
    private static async Task<IResult> Attach(EngineProxy proxy, ContainerOwners owners, IReadOnlyList<EngineSnapshot> engines, string reference, string action, HttpContext context)
    {
        var (request, invalid) = await ReadBody(context);
        if (invalid is not null) return invalid;
        string container = NetworkEntry.Text(request["Container"]);
        if (container.Length == 0) return ApiConventions.Error(400, $"invalid name or ID supplied: \"{container}\"");
        var (entries, failed) = await Read(proxy, engines, "", context.RequestAborted);
        if (failed is not null) return failed;
        if (NetworkLookup.Holders(reference, entries).Count == 0) return NotFound(reference);
        var (owner, error) = await owners.Resolve(container);
        if (owner is null) return error!;
        if (NetworkLookup.OnNode(reference, entries, owner.Engine.Id) is not { } network)
        {
            return ApiConventions.Error(404, $"network {reference} not found on node {owner.Engine.Name}, where container {container} runs");
        }
        request["Container"] = owner.PhysicalId;
        var (status, body) = await EngineFanOut.Send(proxy, owner.Engine, HttpMethod.Post, $"/networks/{network.Id}/{action}", context.RequestAborted, request.ToJsonString());
        if ((int)status is >= 200 and < 300) return Relay(status, body);
        // The engine names the container by its own ID, which users never see.
        return ApiConventions.Error((int)status, EngineFanOut.Message(body).Replace(owner.PhysicalId, container, StringComparison.Ordinal));
    }

    /// <summary>Every engine's networks (with the filters they understand), in node order; or the first engine's refusal.</summary>
    private static async Task<(List<NetworkEntry> Entries, IResult? Error)> Read(EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines, string filters, CancellationToken cancellationToken)
    {
        string target = "/networks" + (filters.Length > 0 ? QueryString.Create("filters", filters).ToString() : "");
        var answers = await EngineFanOut.OnEvery(proxy, engines, HttpMethod.Get, target, cancellationToken);
        var entries = new List<NetworkEntry>();
        foreach (var (engine, status, body) in answers)
        {
            if (status != HttpStatusCode.OK) return ([], ApiConventions.Error((int)status, $"{engine!.Name}: {EngineFanOut.Message(body)}"));
            JsonArray list;
            try
            {
                list = JsonNode.Parse(body) as JsonArray ?? [];
            }
            catch (System.Text.Json.JsonException)
            {
                return ([], ApiConventions.Error(500, $"{engine!.Name}: unreadable network list"));
            }
            entries.AddRange(list.OfType<JsonObject>().Select(network => new NetworkEntry(engine!.Name, engine.Id, network)));
        }
        return (entries, null);
    }

    private static async Task<(JsonObject Body, IResult? Error)> ReadBody(HttpContext context)
    {
        string text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        try
        {
            return JsonNode.Parse(text.Length == 0 ? "{}" : text) is JsonObject body ? (body, null) : ([], ApiConventions.Error(400, "invalid JSON: a JSON object is expected"));
        }
        catch (System.Text.Json.JsonException e)
        {
            return ([], ApiConventions.Error(400, "invalid JSON: " + e.Message));
        }
    }

    private static JsonObject? ParseObject(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    // An engine's success answer, passed on as it is.
    private static IResult Relay(HttpStatusCode status, byte[] body) =>
        body.Length == 0 ? Results.StatusCode((int)status) : Results.Content(System.Text.Encoding.UTF8.GetString(body), "application/json", statusCode: (int)status);

    private static string CreatedId(byte[] body) => NetworkEntry.Text(ParseObject(body)?["Id"]);

    private static string? VirtualIdOf(IReadOnlyList<EngineSnapshot> engines, NetworkEntry entry, string physicalId) =>
        engines.FirstOrDefault(e => e.Id == entry.NodeId) is { } engine ? ContainerOwners.VirtualIdOf(engine, physicalId) : null;

    // Docker's own words, which scripts and the CLI's users know.
    private static IResult NotFound(string reference) => ApiConventions.Error(404, $"network {reference} not found");
}
