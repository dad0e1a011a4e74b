using System.Net;
using System.Text.Json.Nodes;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// Rewrites engine answers about a container so they speak of it as the cluster does, on the raw JSON so every
/// field the engine sent survives (classic re-encoded a typed model and lost fields it did not know).
/// </summary>
public static class ContainerInspection
{
    /// <summary>
    /// <c>GET /containers/{id}/json</c>: <c>Id</c> becomes the virtual ID; <c>Node</c> says where it runs, as classic
    /// (ID, IP, Addr, Name, Cpus, Memory, Labels) plus <c>ContainerID</c>, the engine's physical ID; published ports
    /// bound to all interfaces show the node's IP, as classic did.
    /// </summary>
    public static JsonObject Inspect(JsonObject inspect, string virtualId, EngineSnapshot engine)
    {
        string physicalId = inspect["Id"]?.GetValue<string>() ?? "";
        inspect["Id"] = virtualId;
        string ip = NodeIp(engine.Address);
        inspect["Node"] = new JsonObject
        {
            ["ID"] = engine.Id,
            ["IP"] = ip,
            ["Addr"] = engine.Address,
            ["Name"] = engine.Name,
            ["Cpus"] = engine.Specs?.Cpus ?? 0,
            ["Memory"] = engine.Specs?.Memory ?? 0,
            ["Labels"] = new JsonObject(engine.Labels.Select(l => KeyValuePair.Create(l.Key, (JsonNode?)l.Value))),
            ["ContainerID"] = physicalId,
        };
        if (ip.Length > 0 && inspect["NetworkSettings"]?["Ports"] is JsonObject ports) PublishOnNode(ports, ip);
        return inspect;
    }

    /// <summary><c>GET /exec/{id}/json</c>: <c>ContainerID</c> becomes the virtual ID of the exec's container.</summary>
    public static JsonObject Exec(JsonObject exec, Func<string, string?> virtualIdOf)
    {
        if (exec["ContainerID"]?.GetValue<string>() is { } physicalId && virtualIdOf(physicalId) is { } virtualId) exec["ContainerID"] = virtualId;
        return exec;
    }

    /// <summary>One line of <c>GET /containers/{id}/stats</c>: its <c>id</c> becomes the virtual ID (the ID docker stats shows).</summary>
    public static string StatsLine(string line, string virtualId)
    {
        if (line.Length == 0 || JsonNode.Parse(line) is not JsonObject stats || !stats.ContainsKey("id")) return line;
        stats["id"] = virtualId;
        return stats.ToJsonString();
    }

    /// <summary>The node's IP (the host part of its address), or empty for a unix socket.</summary>
    public static string NodeIp(string address)
    {
        string text = address.Contains("://", StringComparison.Ordinal) ? address : "tcp://" + address;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme != "unix" ? uri.Host.Trim('[', ']') : "";
    }

    // Unspecified host IPs (0.0.0.0, ::, empty) become the node's IP; the IPv4 and IPv6 bindings then coincide, and are shown once.
    private static void PublishOnNode(JsonObject ports, string ip)
    {
        foreach (var (_, bindings) in ports)
        {
            if (bindings is not JsonArray list) continue;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var binding in list.OfType<JsonObject>().ToList())
            {
                string hostIp = binding["HostIp"]?.GetValue<string>() ?? "";
                if (!IPAddress.TryParse(hostIp, out var parsed) || parsed.Equals(IPAddress.Any) || parsed.Equals(IPAddress.IPv6Any)) binding["HostIp"] = ip;
                if (!seen.Add($"{binding["HostIp"]}|{binding["HostPort"]}")) list.Remove(binding);
            }
        }
    }
}
