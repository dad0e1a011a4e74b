using YamlDotNet.RepresentationModel;

namespace Swarm.Actors.Tests.Support;

/// <summary>Walks a YAML tree by key path, failing with the path when something is missing.</summary>
public static class YamlNavigation
{
    public static YamlNode At(this YamlNode node, params string[] path)
    {
        foreach (string key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out var child))
            {
                throw new KeyNotFoundException($"no '{key}' in the path {string.Join('.', path)}");
            }
            node = child;
        }
        return node;
    }

    public static bool Has(this YamlNode node, params string[] path)
    {
        try
        {
            node.At(path);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    public static string Text(this YamlNode node, params string[] path) =>
        node.At(path) is YamlScalarNode { Value: { } value } ? value : throw new InvalidCastException($"{string.Join('.', path)} is not a scalar");

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? [.. sequence.Children] : throw new InvalidCastException($"{string.Join('.', path)} is not a list");

    /// <summary>The item of a list of mappings whose <c>name</c> is <paramref name="name"/> (containers, env, ports, volumes…).</summary>
    public static YamlNode Named(this YamlNode node, string name, params string[] path) =>
        node.Items(path).Single(item => item.Has("name") && item.Text("name") == name);
}
