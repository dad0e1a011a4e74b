using Swarm.Engines.Tests.Support;
using Swarm.Engines.View;

namespace Swarm.Engines.Tests.View;

public class NodeLabelsTests
{
    private const string EngineId = "AAAA:BBBB|10.0.0.1:2375";
    private const string Address = "10.0.0.1:2375";

    private static IReadOnlyDictionary<string, string> Build(EngineSpecs specs, List<string> warnings)
    {
        var labels = NodeLabels.TryBuild(specs, EngineId, Address, warnings, out string? error);
        Assert.Null(error);
        Assert.NotNull(labels);
        return labels;
    }

    [Fact]
    public void Standard_labels_come_from_the_specs()
    {
        var warnings = new List<string>();
        var labels = Build(Specs.Of(), warnings);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["storagedriver"] = "overlay2",
                ["kernelversion"] = "5.15.0-91-generic",
                ["operatingsystem"] = "Ubuntu 22.04.3 LTS",
                ["ostype"] = "linux",
            },
            labels);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Engine_labels_are_merged_with_the_standard_ones()
    {
        var warnings = new List<string>();
        var labels = Build(Specs.Of("zone=eu-1", "disk=ssd"), warnings);
        Assert.Equal("eu-1", labels["zone"]);
        Assert.Equal("ssd", labels["disk"]);
        Assert.Equal("overlay2", labels["storagedriver"]);
        Assert.Equal(6, labels.Count);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_label_value_may_itself_contain_equals_signs()
    {
        var labels = Build(Specs.Of("expr=a=b=c", "empty="), []);
        Assert.Equal("a=b=c", labels["expr"]);
        Assert.Equal("", labels["empty"]);
    }

    [Fact]
    public void A_label_called_node_is_ignored_with_a_warning()
    {
        var warnings = new List<string>();
        var labels = Build(Specs.Of("node=other", "zone=eu-1"), warnings);
        Assert.False(labels.ContainsKey("node"));
        Assert.Equal("eu-1", labels["zone"]);
        string warning = Assert.Single(warnings);
        Assert.Contains("node=other", warning);
        Assert.Contains(EngineId, warning);
        Assert.Contains(Address, warning);
    }

    [Theory]
    [InlineData("storagedriver", "overlay2")]
    [InlineData("kernelversion", "5.15.0-91-generic")]
    [InlineData("operatingsystem", "Ubuntu 22.04.3 LTS")]
    [InlineData("ostype", "linux")]
    public void An_engine_label_cannot_override_a_standard_one(string key, string standardValue)
    {
        var warnings = new List<string>();
        var labels = Build(Specs.Of(key + "=forged"), warnings);
        Assert.Equal(standardValue, labels[key]);
        string warning = Assert.Single(warnings);
        Assert.Contains(key, warning);
        Assert.Contains("forged", warning);
    }

    [Fact]
    public void The_first_of_two_engine_labels_with_one_key_wins()
    {
        var warnings = new List<string>();
        var labels = Build(Specs.Of("zone=eu-1", "zone=us-2"), warnings);
        Assert.Equal("eu-1", labels["zone"]);
        Assert.Single(warnings);
    }

    [Fact]
    public void A_label_without_equals_sign_fails_with_classic_message()
    {
        var warnings = new List<string>();
        var labels = NodeLabels.TryBuild(Specs.Of("zone=eu-1", "broken"), EngineId, Address, warnings, out string? error);
        Assert.Null(labels);
        Assert.Equal(
            "Engine (ID: AAAA:BBBB|10.0.0.1:2375, Addr: 10.0.0.1:2375) contains an invalid label (broken) not formatted as \"key=value\".",
            error);
    }

    [Fact]
    public void Labels_are_case_sensitive()
    {
        var labels = Build(Specs.Of("Zone=upper", "zone=lower"), []);
        Assert.Equal("upper", labels["Zone"]);
        Assert.Equal("lower", labels["zone"]);
    }
}
