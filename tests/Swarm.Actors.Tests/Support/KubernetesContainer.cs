using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// A container of a pod template as the kubelet would start it in one pod: its environment (values, the downward
/// API's pod name and namespace, Secret keys from the same manifest) and its command line, with Kubernetes'
/// <c>$(NAME)</c> references expanded.
/// </summary>
public sealed partial class KubernetesContainer(YamlNode container, KubernetesManifest manifest)
{
    /// <summary>The environment in declaration order; each value may refer to the variables declared before it.</summary>
    public Dictionary<string, string> Environment(string podName, string podNamespace)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Items("env"))
        {
            string name = variable.Text("name");
            environment[name] = variable.Has("value")
                ? Expand(variable.Text("value"), environment)
                : From(variable.At("valueFrom"), podName, podNamespace);
        }
        return environment;
    }

    /// <summary><c>command</c> then <c>args</c>, each expanded from <paramref name="environment"/>.</summary>
    public IReadOnlyList<string> CommandLine(IReadOnlyDictionary<string, string> environment) =>
        [.. container.Items("command").Concat(container.Items("args")).Select(word => Expand(((YamlScalarNode)word).Value!, environment))];

    private string From(YamlNode source, string podName, string podNamespace)
    {
        if (source.Has("fieldRef"))
        {
            return source.Text("fieldRef", "fieldPath") switch
            {
                "metadata.name" => podName,
                "metadata.namespace" => podNamespace,
                var other => throw new NotSupportedException("downward API field " + other),
            };
        }
        var secret = manifest.Single("Secret", source.Text("secretKeyRef", "name"));
        return secret.Text("stringData", source.Text("secretKeyRef", "key"));
    }

    // The kubelet leaves an undefined $(NAME) as it is; here a misspelt name should fail the test instead.
    private static string Expand(string text, IReadOnlyDictionary<string, string> environment) =>
        Reference().Replace(text, m => m.Groups[1].Value == "$"
            ? m.Value[1..]
            : environment.TryGetValue(m.Groups[2].Value, out string? value) ? value : throw new KeyNotFoundException($"$({m.Groups[2].Value}) is not declared before it is used: {text}"));

    [GeneratedRegex(@"(\$?)\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
