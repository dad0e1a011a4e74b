namespace Swarm.Engines.View;

/// <summary>
/// A node's labels as placement matches them: the standard ones classic derived from <c>docker info</c>
/// (<c>storagedriver</c>, <c>kernelversion</c>, <c>operatingsystem</c>, <c>ostype</c>) plus the engine's own
/// <c>--label</c>s, which can neither override a standard label nor be called <c>node</c> (the constraint key
/// <c>node</c> means the node's name or ID).
/// </summary>
public static class NodeLabels
{
    public static IReadOnlyDictionary<string, string>? TryBuild(EngineSpecs specs, string engineId, string address, List<string> warnings, out string? error)
    {
        error = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["storagedriver"] = specs.StorageDriver,
            ["kernelversion"] = specs.KernelVersion,
            ["operatingsystem"] = specs.OperatingSystem,
            ["ostype"] = specs.OSType,
        };
        foreach (string label in specs.Labels)
        {
            string[] pair = label.Split('=', 2);
            if (pair.Length != 2)
            {
                error = $"Engine (ID: {engineId}, Addr: {address}) contains an invalid label ({label}) not formatted as \"key=value\".";
                return null;
            }
            if (pair[0] == "node")
            {
                warnings.Add($"Engine (ID: {engineId}, Addr: {address}) contains a label ({label}) with key of \"node\" which cannot be used in Swarm.");
                continue;
            }
            if (labels.TryGetValue(pair[0], out string? existing))
            {
                warnings.Add($"Engine (ID: {engineId}, Addr: {address}) label {pair[0]}={pair[1]} is ignored: the label {pair[0]} is already {existing}.");
                continue;
            }
            labels[pair[0]] = pair[1];
        }
        return labels;
    }
}
