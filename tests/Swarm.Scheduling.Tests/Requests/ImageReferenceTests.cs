using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary>Classic's <c>ParseRepositoryTag</c>: digest cut at '@', tag after the last ':' unless it holds a '/'.</summary>
public class ImageReferenceTests
{
    [Theory]
    [InlineData("redis", "redis")]
    [InlineData("redis:7", "redis")]
    [InlineData("redis:latest", "redis")]
    [InlineData("library/redis:7.2-alpine", "library/redis")]
    [InlineData("docker.io/library/redis:7", "docker.io/library/redis")]
    [InlineData("localhost:5000/test", "localhost:5000/test")]
    [InlineData("localhost:5000/test:1", "localhost:5000/test")]
    [InlineData("localhost:5000/team/test:1.0", "localhost:5000/team/test")]
    [InlineData("a@sha256:0123456789abcdef", "a")]
    [InlineData("localhost:5000/a@sha256:0123456789abcdef", "localhost:5000/a")]
    [InlineData("redis:7@sha256:0123456789abcdef", "redis:7")] // classic only cuts at '@' then
    [InlineData("redis:", "redis")]
    [InlineData("", "")]
    public void RepositoryIsTheReferenceWithoutTagOrDigest(string reference, string expected)
    {
        Assert.Equal(expected, ImageReference.Repository(reference));
    }
}
