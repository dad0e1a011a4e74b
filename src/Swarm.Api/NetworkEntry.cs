using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>One network as one engine holds it: the engine's own JSON, and the node it was read from.</summary>
/// <param name="Node">The engine's name (<c>node-1</c>).</param>
/// <param name="NodeId">The engine's ID (<c>dockerdID|address</c>), which classic also accepted before <c>/name</c>.</param>
public sealed record NetworkEntry(string Node, string NodeId, JsonObject Network)
{
    public string Id => Text(Network["Id"]);

    public string Name => Text(Network["Name"]);

    /// <summary>Local scope (the default when an engine leaves it out): the network exists on this engine only.</summary>
    public bool IsLocal => Text(Network["Scope"]) is "" or "local";

    /// <summary>dockerd's own networks, on every engine under the same names (classic's <c>isPreDefined</c>).</summary>
    public bool IsPredefined => Name is "bridge" or "host" or "none";

    /// <summary>The name users see: <c>node/name</c> for a local network, as classic showed it; the bare name otherwise.</summary>
    public string ShownName => IsLocal ? $"{Node}/{Name}" : Name;

    /// <summary>
    /// A copy as the API answers it: the name node-scoped, and the attached containers keyed by the ID users see
    /// (<paramref name="virtualIdOf"/> maps the engine's container ID to it, or gives null when it does not know it).
    /// </summary>
    public JsonObject Shown(Func<string, string?>? virtualIdOf = null)
    {
        var copy = (JsonObject)Network.DeepClone();
        copy["Name"] = ShownName;
        if (virtualIdOf is not null && copy["Containers"] is JsonObject containers)
        {
            var keyed = new JsonObject();
            foreach (var (physicalId, endpoint) in containers) keyed[virtualIdOf(physicalId) ?? physicalId] = endpoint?.DeepClone();
            copy["Containers"] = keyed;
        }
        return copy;
    }

    internal static string Text(JsonNode? node) => node is JsonValue value && value.TryGetValue(out string? text) ? text : "";
}
