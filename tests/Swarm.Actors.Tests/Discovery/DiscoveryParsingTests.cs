using Swarm.Actors.Discovery;

namespace Swarm.Actors.Tests.Discovery;

public class DiscoveryParsingTests
{
    [Theory]
    [InlineData("10.0.0.[10:12]:2375", new[] { "10.0.0.10:2375", "10.0.0.11:2375", "10.0.0.12:2375" })]
    [InlineData("192.168.1.2:[2:4]375", new[] { "192.168.1.2:2375", "192.168.1.2:3375", "192.168.1.2:4375" })]
    [InlineData("node-1:2375", new[] { "node-1:2375" })]
    public void Entries_expand_one_range_as_classic_did(string entry, string[] expected)
    {
        Assert.Equal(expected, DiscoveryEntries.Expand(entry));
    }

    [Fact]
    public void A_discovery_file_has_one_entry_per_line_comments_and_ranges()
    {
        string[] lines =
        [
            "# the cluster",
            "127.0.0.1:2375",
            "",
            "  127.0.0.1:2376   # inline comment",
            "10.0.0.[1:2]:2375",
            "   ",
        ];
        Assert.Equal(["127.0.0.1:2375", "127.0.0.1:2376", "10.0.0.1:2375", "10.0.0.2:2375"], FileDiscovery.Parse(lines));
    }

    [Fact]
    public async Task A_static_list_is_split_trimmed_and_expanded()
    {
        var discovery = StaticDiscovery.Parse("a:1, b:[1:2] ,");
        Assert.Equal(["a:1", "b:1", "b:2"], await discovery.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_file_is_an_error_the_caller_can_catch()
    {
        var discovery = new FileDiscovery(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")));
        await Assert.ThrowsAnyAsync<IOException>(() => discovery.ReadAsync(CancellationToken.None));
    }
}
