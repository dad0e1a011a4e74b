using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.Tests.Model;

/// <summary>Compact labels read as a dictionary of the same labels does, in the order they were given.</summary>
public class CompactLabelsTests
{
    private static Gen<KeyValuePair<string, string>[]> LabelsGen { get; } =
        from count in Gen.Choose(0, CompactLabels.MaxScanned + 4)
        from names in Gen.Elements("a", "b", "com.example.tier", "com.docker.swarm.id", "region", "z", "A", "a.b", "", "storage").ListOf(count)
        from values in Gen.Elements("web", "", "eu-west", "1").ListOf(count)
        select names.Select((name, i) => (name: i < 10 ? name : $"{name}-{i}", value: values[i])).DistinctBy(l => l.name)
            .Select(l => new KeyValuePair<string, string>(l.name, l.value)).ToArray();

    [Property(MaxTest = 300)]
    public Property Reads_as_a_dictionary_of_the_same_labels() => Prop.ForAll(LabelsGen.ToArbitrary(), labels =>
    {
        var compact = CompactLabels.Of(labels);
        var expected = labels.ToDictionary(l => l.Key, l => l.Value);
        bool lookups = new[] { "a", "b", "region", "missing", "", "A", "com.example.tier" }.Concat(labels.Select(l => new string(l.Key.AsSpan())))
            .All(name => compact.TryGetValue(name, out string? value) == expected.TryGetValue(name, out string? wanted) && value == wanted
                && compact.ContainsKey(name) == expected.ContainsKey(name));
        return compact.Count == labels.Length
            && compact.SequenceEqual(labels)
            && compact.Keys.SequenceEqual(labels.Select(l => l.Key))
            && compact.Values.SequenceEqual(labels.Select(l => l.Value))
            && lookups
            && (compact is CompactLabels) == (labels.Length <= CompactLabels.MaxScanned);
    });

    [Fact]
    public void A_missing_label_throws_as_a_dictionary_does_and_a_null_value_is_kept()
    {
        var compact = CompactLabels.Of([new("com.docker.swarm.id", null!), new("tier", "web")]);
        Assert.Throws<KeyNotFoundException>(() => compact["region"]);
        Assert.True(compact.TryGetValue("com.docker.swarm.id", out string? id));
        Assert.Null(id);
        Assert.Equal("web", compact["tier"]);
    }
}
