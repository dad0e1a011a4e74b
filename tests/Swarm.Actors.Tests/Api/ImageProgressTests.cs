using System.Text.Json.Nodes;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class ImageProgressTests
{
    [Theory]
    [InlineData("""{"status":"Pulling from library/busybox","id":"latest"}""", "latest: Pulling from library/busybox")]
    [InlineData("""{"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=>  ] 1B/2B","id":"a3ed95caeb02"}""", "a3ed95caeb02: Downloading [=>  ] 1B/2B")]
    [InlineData("""{"status":"sha256:0f75d9"}""", "sha256:0f75d9")]
    [InlineData("""{"stream":"Loaded image: busybox:latest\n"}""", "Loaded image: busybox:latest")]
    [InlineData("not json at all", "not json at all")]
    public void An_engine_line_is_read_as_one_status(string line, string status)
    {
        Assert.Equal((status, (string?)null), ImageProgress.Read(line));
    }

    [Theory]
    [InlineData("""{"errorDetail":{"message":"manifest unknown"},"error":"manifest unknown (old)"}""", "manifest unknown")]
    [InlineData("""{"error":"unauthorized"}""", "unauthorized")]
    public void An_engine_error_line_is_its_error(string line, string error)
    {
        Assert.Equal(((string?)null, error), ImageProgress.Read(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("""{"aux":{"ID":"sha256:1"}}""")]
    [InlineData("""{"stream":"\n"}""")]
    public void Lines_with_nothing_to_show_are_skipped(string line)
    {
        Assert.Equal(((string?)null, (string?)null), ImageProgress.Read(line));
    }

    [Fact]
    public void Lines_carry_the_engine_name_as_id_and_the_error_line_docker_reads()
    {
        Assert.Equal("""{"status":"Pulling busybox... : downloaded","id":"node-2"}""", ImageProgress.Line("node-2", "Pulling busybox... : downloaded").ToJsonString());
        var error = ImageProgress.ErrorLine("refused");
        Assert.Equal("refused", error["error"]!.GetValue<string>());
        Assert.Equal("refused", error["errorDetail"]!["message"]!.GetValue<string>());
        Assert.Equal(1, error["errorDetail"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public void One_message_shared_by_every_failed_engine_is_given_once_else_each_engines_by_name()
    {
        Assert.Equal("refused", ImageProgress.Combine([("node-2", "refused"), ("node-1", "refused")]));
        Assert.Equal("node-1: denied\nnode-2: refused", ImageProgress.Combine([("node-2", "refused"), ("node-1", "denied")]));
    }

    [Theory]
    [InlineData("busybox", "", "busybox")]
    [InlineData("busybox", "1.36", "busybox:1.36")]
    [InlineData("127.0.0.1:5000/x", "latest", "127.0.0.1:5000/x:latest")]
    [InlineData("busybox", "sha256:abc", "busybox@sha256:abc")]
    public void The_pulled_image_is_named_with_its_tag_or_digest(string fromImage, string tag, string image)
    {
        Assert.Equal(image, ImageProgress.PulledImage(fromImage, tag));
    }
}
