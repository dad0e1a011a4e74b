using YamlDotNet.RepresentationModel;

namespace Swarm.Actors.Tests.Support;

/// <summary>The objects of a multi-document Kubernetes manifest, found by kind and name.</summary>
public sealed class KubernetesManifest
{
    private readonly List<YamlNode> objects;

    private KubernetesManifest(List<YamlNode> objects) => this.objects = objects;

    public static KubernetesManifest Read(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path)) stream.Load(reader);
        return new KubernetesManifest([.. stream.Documents.Select(d => d.RootNode).Where(root => root is YamlMappingNode { Children.Count: > 0 })]);
    }

    public IEnumerable<YamlNode> All(string kind) => objects.Where(o => o.Text("kind") == kind);

    public YamlNode Single(string kind, string name) => All(kind).Single(o => o.Text("metadata", "name") == name);
}
