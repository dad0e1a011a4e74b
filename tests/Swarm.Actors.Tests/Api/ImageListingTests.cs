using System.Text.Json.Nodes;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class ImageListingTests
{
    [Fact]
    public void Images_of_several_engines_are_grouped_by_id_with_tags_merged_newest_first()
    {
        var first = JsonNode.Parse("""[{"Id":"sha256:a","Created":10,"RepoTags":["busybox:latest"],"RepoDigests":[]},{"Id":"sha256:b","Created":20,"RepoTags":["web:1"]}]""")!.AsArray();
        var second = JsonNode.Parse("""[{"Id":"sha256:a","Created":10,"RepoTags":["busybox:latest","mine:1"],"RepoDigests":["busybox@sha256:d"]}]""")!.AsArray();

        var merged = ImageListing.Merge([first, second]);
        Assert.Equal(["sha256:b", "sha256:a"], merged.Select(i => i!["Id"]!.GetValue<string>()));
        var busybox = merged[1]!;
        Assert.Equal(["busybox:latest", "mine:1"], busybox["RepoTags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(["busybox@sha256:d"], busybox["RepoDigests"]!.AsArray().Select(t => t!.GetValue<string>()));
    }
}
