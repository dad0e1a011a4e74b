using System.Text.Json;
using System.Text.Json.Nodes;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// The body of <c>POST /nodes/{id}/update</c> (a <c>NodeSpec</c>, as <c>docker node update</c> sends the inspected
/// spec back with its changes) read against what the node is: only the availability can change here. Every node
/// is an engine and a worker, and its labels are the engine's own (<c>dockerd --label</c>), so a new role, name or
/// labels are refused with a message saying so, as are values dockerd itself refuses.
/// </summary>
public static class NodeSpecUpdate
{
    public static bool TryRead(string body, out NodeAvailability availability, out string error)
    {
        (availability, error) = (NodeAvailability.Active, "");
        JsonObject spec;
        try
        {
            if (JsonNode.Parse(body) is not JsonObject read)
            {
                error = "invalid JSON: a NodeSpec object is expected";
                return false;
            }
            spec = read;
        }
        catch (JsonException e)
        {
            error = "invalid JSON: " + e.Message;
            return false;
        }

        if (!TryString(spec, "Role", out string role, out error) || !TryString(spec, "Availability", out string wanted, out error) || !TryString(spec, "Name", out string name, out error)) return false;
        if (role.ToLowerInvariant() is not ("worker" or "manager"))
        {
            error = $"invalid Role: \"{role}\"";
            return false;
        }
        if (NodeObject.ParseAvailability(wanted) is not { } parsed)
        {
            error = $"invalid Availability: \"{wanted}\"";
            return false;
        }
        if (role.ToLowerInvariant() == "manager")
        {
            error = "nodes of this cluster are its engines and all are workers: only their availability can be changed (active, pause, drain)";
            return false;
        }
        if (name.Length > 0)
        {
            error = "a node's name is its engine's hostname: only its availability can be changed (active, pause, drain)";
            return false;
        }
        if (spec["Labels"] is not (null or JsonObject))
        {
            error = "invalid JSON: Labels must be an object";
            return false;
        }
        if (spec["Labels"] is JsonObject { Count: > 0 })
        {
            error = "a node's labels are its engine's own (dockerd --label): only its availability can be changed (active, pause, drain)";
            return false;
        }
        availability = parsed;
        return true;
    }

    private static bool TryString(JsonObject spec, string key, out string value, out string error)
    {
        (value, error) = ("", "");
        switch (spec[key])
        {
            case null:
                return true;
            case JsonValue text when text.TryGetValue(out string? read):
                value = read;
                return true;
            default:
                error = $"invalid JSON: {key} must be a string";
                return false;
        }
    }
}
