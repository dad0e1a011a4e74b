using System.Text.Json.Nodes;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class ImagePruningTests
{
    [Fact]
    public void What_every_engine_deleted_is_answered_together_with_the_space_summed()
    {
        var merged = ImagePruning.Merge(
        [
            JsonNode.Parse("""{"ImagesDeleted":[{"Untagged":"a:1"},{"Deleted":"sha256:1"}],"SpaceReclaimed":100}""")!.AsObject(),
            JsonNode.Parse("""{"ImagesDeleted":null,"SpaceReclaimed":0}""")!.AsObject(),
            JsonNode.Parse("""{"ImagesDeleted":[{"Deleted":"sha256:2"}],"SpaceReclaimed":23}""")!.AsObject(),
        ]);
        Assert.Equal("""{"ImagesDeleted":[{"Untagged":"a:1"},{"Deleted":"sha256:1"},{"Deleted":"sha256:2"}],"SpaceReclaimed":123}""", merged.ToJsonString());
    }

    [Fact]
    public void Nothing_deleted_anywhere_is_null_as_an_engine_answers_it()
    {
        var merged = ImagePruning.Merge([JsonNode.Parse("""{"ImagesDeleted":null,"SpaceReclaimed":0}""")!.AsObject(), []]);
        Assert.Equal("""{"ImagesDeleted":null,"SpaceReclaimed":0}""", merged.ToJsonString());
    }
}
