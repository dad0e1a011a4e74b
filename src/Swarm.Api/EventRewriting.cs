using System.Text.Json;
using System.Text.Json.Nodes;
using Swarm.Actors.Scheduler;
using Swarm.Engines.View;
using Swarm.Scheduling.Requests;

namespace Swarm.Api;

/// <summary>
/// One engine's events as the cluster shows them: classic's node attributes (<c>node.name</c>, <c>node.id</c>,
/// <c>node.addr</c>, <c>node.ip</c>, the legacy <c>node</c> object and <c>from … node:name</c>), and containers
/// under their virtual ID, as everywhere else in the API.
/// </summary>
public static class EventRewriting
{
    public static string Rewrite(string line, EngineSnapshot engine)
    {
        if (JsonNode.Parse(line) is not JsonObject message) return line;
        string ip = ContainerInspection.NodeIp(engine.Address);
        var actor = message["Actor"] as JsonObject;
        var attributes = actor?["Attributes"] as JsonObject;
        if (message["Type"]?.GetValue<string>() == "container" && attributes?[SchedulingRequest.SwarmIdLabel]?.GetValue<string>() is { Length: > 0 } swarmId)
        {
            if (message["id"] is not null) message["id"] = swarmId;
            actor!["ID"] = swarmId;
        }
        if (message["from"]?.GetValue<string>() is { } from) message["from"] = $"{from} node:{engine.Name}";
        if (actor is not null)
        {
            attributes ??= [];
            attributes["node.name"] = engine.Name;
            attributes["node.id"] = engine.Id;
            attributes["node.addr"] = engine.Address;
            attributes["node.ip"] = ip;
            actor["Attributes"] = attributes;
        }
        message["node"] = new JsonObject { ["Name"] = engine.Name, ["Id"] = engine.Id, ["Addr"] = engine.Address, ["Ip"] = ip };
        return message.ToJsonString();
    }

    /// <summary>
    /// One of classic's synthetic cluster events (<c>engine_connect</c>, <c>engine_disconnect</c>,
    /// <c>engine_reconnect</c>) as classic sent it: <c>from</c> <c>swarm</c>, <c>Type</c> <c>swarm</c>, the node's
    /// attributes and legacy <c>node</c> object (<see cref="Rewrite"/>). Unlike classic, whose actor was empty, the
    /// actor is the engine (its ID, and its name as <c>name</c>), so that <c>docker events</c> shows which one.
    /// </summary>
    public static string ClusterEvent(string action, EngineSnapshot engine, DateTimeOffset at)
    {
        long nanoseconds = DockerTimestamp.UnixNanoseconds(at);
        var message = new JsonObject
        {
            ["status"] = action,
            ["from"] = "swarm",
            ["Type"] = "swarm",
            ["Action"] = action,
            ["Actor"] = new JsonObject { ["ID"] = engine.Id, ["Attributes"] = new JsonObject { ["name"] = engine.Name } },
            ["time"] = nanoseconds / 1_000_000_000L,
            ["timeNano"] = nanoseconds,
        };
        return Rewrite(message.ToJsonString(), engine);
    }

    /// <summary>
    /// The <c>filters</c> an engine must get: container filters that name a cluster container (virtual ID, name,
    /// <c>node/name</c>, prefix) are turned into its physical ID, which is what the engine knows.
    /// </summary>
    public static string EngineFilters(string filters, IEnumerable<LookupEntry> containers)
    {
        if (filters.Length == 0 || JsonNode.Parse(filters) is not JsonObject parsed || parsed["container"] is not { } wanted) return filters;
        var entries = containers.ToList();
        IEnumerable<string> values = wanted is JsonArray list ? list.Select(v => v!.GetValue<string>()) : ((JsonObject)wanted).Select(p => p.Key);
        var physical = new JsonObject();
        foreach (string value in values)
        {
            var found = ContainerLookup.Resolve(value, entries);
            physical[found.IsFound ? found.Found.EngineContainerId : value] = true;
        }
        parsed["container"] = physical;
        return parsed.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
