using Docker.DotNet.Models;

namespace Swarm.Api;

/// <summary>
/// Classic's create-time rule for <c>--network node-2/backend</c>: the network lives on that node, so the container
/// gets a soft <c>node==~node-2</c> constraint (unless a hard <c>node==</c> one is given) and the engine gets the
/// bare network name, in <c>NetworkMode</c> and in the endpoint settings.
/// </summary>
public static class NodeScopedNetwork
{
    public static void Apply(CreateContainerParameters parameters)
    {
        string mode = parameters.HostConfig?.NetworkMode ?? "";
        string? node = null;
        if (NodeAndName(mode) is { } scoped)
        {
            node = scoped.Node;
            parameters.HostConfig!.NetworkMode = scoped.Name;
        }
        if (parameters.NetworkingConfig?.EndpointsConfig is { Count: > 0 } endpoints)
        {
            parameters.NetworkingConfig.EndpointsConfig = endpoints.ToDictionary(e => NodeAndName(e.Key)?.Name ?? e.Key, e => e.Value);
            node ??= endpoints.Keys.Select(NodeAndName).FirstOrDefault(s => s is not null)?.Node;
        }
        if (node is null || HasHardNodeConstraint(parameters)) return;
        parameters.Env = [.. parameters.Env ?? [], $"constraint:node==~{node}"];
    }

    // container:<x> and the built-in modes hold no node; node/name does (a name has no slash of its own).
    private static (string Node, string Name)? NodeAndName(string network)
    {
        int slash = network.IndexOf('/');
        if (slash <= 0 || slash == network.Length - 1 || network.StartsWith("container:", StringComparison.Ordinal)) return null;
        return (network[..slash], network[(slash + 1)..]);
    }

    private static bool HasHardNodeConstraint(CreateContainerParameters parameters) =>
        (parameters.Env ?? []).Any(e => e.StartsWith("constraint:node==", StringComparison.Ordinal) && !e.StartsWith("constraint:node==~", StringComparison.Ordinal))
        || (parameters.Labels?.TryGetValue("com.docker.swarm.constraints", out string? constraints) == true
            && constraints.Contains("\"node==", StringComparison.Ordinal) && !constraints.Contains("\"node==~", StringComparison.Ordinal));
}
