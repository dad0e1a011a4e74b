using System.Text.Json.Nodes;
using Swarm.Engines.Health;
using Swarm.Engines.View;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// An engine as a swarm-mode <c>Node</c> object (Engine API 1.41, as dockerd 20.10 returns it from
/// <c>GET /nodes</c>): every engine is a worker whose hostname is the engine's name, whose availability is what
/// the scheduler holds for it, and whose state comes from the engine's health.
/// </summary>
public static class NodeObject
{
    /// <summary>What a node's record never changes from here: there is no spec to version but the availability.</summary>
    public const long VersionIndex = 1;

    /// <summary>Go's zero time: when the engine joined is not known.</summary>
    public const string UnknownTime = "0001-01-01T00:00:00Z";

    /// <summary>The engine's node ID (an engine never reached has no engine ID yet: its address stands in).</summary>
    public static string IdOf(EngineSnapshot engine) => NodeIds.Of(engine.Id.Length > 0 ? engine.Id : "|" + engine.Address);

    public static JsonObject Build(EngineSnapshot engine, NodeAvailability availability)
    {
        var specs = engine.Specs;
        return new JsonObject
        {
            ["ID"] = IdOf(engine),
            ["Version"] = new JsonObject { ["Index"] = VersionIndex },
            ["CreatedAt"] = UnknownTime,
            ["UpdatedAt"] = engine.UpdatedAt == default ? UnknownTime : engine.UpdatedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ"),
            ["Spec"] = new JsonObject
            {
                ["Labels"] = new JsonObject(),
                ["Role"] = "worker",
                ["Availability"] = Name(availability),
            },
            ["Description"] = new JsonObject
            {
                ["Hostname"] = engine.Name,
                ["Platform"] = new JsonObject { ["Architecture"] = specs?.Architecture ?? "", ["OS"] = specs?.OSType ?? "" },
                ["Resources"] = new JsonObject { ["NanoCPUs"] = (specs?.Cpus ?? 0) * 1_000_000_000L, ["MemoryBytes"] = specs?.Memory ?? 0 },
                ["Engine"] = new JsonObject { ["EngineVersion"] = specs?.ServerVersion ?? "", ["Labels"] = EngineLabels(engine) },
            },
            ["Status"] = new JsonObject
            {
                ["State"] = State(engine.Health.Status),
                ["Message"] = engine.Health.LastError,
                ["Addr"] = Host(engine.Address),
            },
        };
    }

    /// <summary>The API's word for an availability: <c>active</c>, <c>pause</c>, <c>drain</c>.</summary>
    public static string Name(NodeAvailability availability) => availability switch
    {
        NodeAvailability.Pause => "pause",
        NodeAvailability.Drain => "drain",
        _ => "active",
    };

    /// <summary>An availability as the API spells it, in any case (dockerd reads it so).</summary>
    public static NodeAvailability? ParseAvailability(string? text) => text?.ToLowerInvariant() switch
    {
        "active" => NodeAvailability.Active,
        "pause" => NodeAvailability.Pause,
        "drain" => NodeAvailability.Drain,
        _ => null,
    };

    /// <summary>Healthy: <c>ready</c>; never reached yet: <c>unknown</c>; left discovery: <c>disconnected</c>; otherwise <c>down</c>.</summary>
    public static string State(EngineStatus status) => status switch
    {
        EngineStatus.Healthy => "ready",
        EngineStatus.Pending => "unknown",
        EngineStatus.Disconnected => "disconnected",
        _ => "down",
    };

    /// <summary>The engine's own labels (<c>dockerd --label</c>), as <c>docker info</c> on it lists them.</summary>
    public static JsonObject EngineLabels(EngineSnapshot engine)
    {
        var labels = new JsonObject();
        foreach (string label in engine.Specs?.Labels ?? [])
        {
            string[] pair = label.Split('=', 2);
            labels[pair[0]] = pair.Length == 2 ? pair[1] : "";
        }
        return labels;
    }

    /// <summary>The host part of <c>host:port</c> (IPv6 without its brackets).</summary>
    public static string Host(string address)
    {
        int colon = address.LastIndexOf(':');
        string host = colon > 0 && !address.EndsWith(']') ? address[..colon] : address;
        return host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
    }
}
