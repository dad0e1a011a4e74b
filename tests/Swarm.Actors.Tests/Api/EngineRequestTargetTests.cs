using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>The target a proxied call is sent to on the owning engine.</summary>
public sealed class EngineRequestTargetTests
{
    private const string Physical = "b6793228d4fb8c0726fb6121b03941dfc507ee06519c7d03f54f014427642d4b";

    [Theory]
    [InlineData("/v1.41/containers/web/logs?stdout=1&tail=5", "logs", "/v1.41/containers/" + Physical + "/logs?stdout=1&tail=5")]
    [InlineData("/v1.41/containers/node-2/web/logs?follow=1", "logs", "/v1.41/containers/" + Physical + "/logs?follow=1")]
    [InlineData("/containers/633d5de5e748/json", "json", "/containers/" + Physical + "/json")]
    [InlineData("/v1.24/containers/web/archive?path=%2Ftmp%2Fa%20b", "archive", "/v1.24/containers/" + Physical + "/archive?path=%2Ftmp%2Fa%20b")]
    [InlineData("http://127.0.0.1:2375/v1.41/containers/web/top", "top", "/v1.41/containers/" + Physical + "/top")]
    public void The_users_container_becomes_the_physical_id_with_version_and_query_kept(string raw, string action, string expected) =>
        Assert.Equal(expected, EngineRequestTarget.For(raw, "containers", Physical, action));

    [Fact]
    public void A_name_that_also_appears_elsewhere_in_the_path_is_not_mistaken()
    {
        // Classic replaced the first occurrence of the name: a container called "containers" broke the path.
        Assert.Equal("/v1.41/containers/" + Physical + "/logs", EngineRequestTarget.For("/v1.41/containers/containers/logs", "containers", Physical, "logs"));
        Assert.Equal("/v1.41/containers/" + Physical + "/json", EngineRequestTarget.For("/v1.41/containers/v1.41/json", "containers", Physical, "json"));
    }

    [Fact]
    public void Exec_targets_keep_the_exec_id()
    {
        Assert.Equal("/v1.41/exec/abc123/start", EngineRequestTarget.For("/v1.41/exec/abc123/start", "exec", "abc123", "start"));
        Assert.Equal("/exec/abc123/resize?h=40&w=120", EngineRequestTarget.For("/exec/abc123/resize?h=40&w=120", "exec", "abc123", "resize"));
    }

    [Theory]
    [InlineData("/v1.41/commit?container=web&repo=snap&tag=1&pause=1", "/v1.41/commit?container=" + Physical + "&repo=snap&tag=1&pause=1")]
    [InlineData("/commit?repo=snap&container=node-2%2Fweb", "/commit?repo=snap&container=" + Physical)]
    [InlineData("/v1.24/commit?author=a%20b&container=web&comment=web", "/v1.24/commit?author=a%20b&container=" + Physical + "&comment=web")]
    [InlineData("/v1.41/commit?container=web&container=other", "/v1.41/commit?container=" + Physical)]
    [InlineData("http://127.0.0.1:2375/v1.41/commit?container=web", "/v1.41/commit?container=" + Physical)]
    public void A_container_named_in_the_query_becomes_the_physical_id_other_parameters_kept(string raw, string expected) =>
        Assert.Equal(expected, EngineRequestTarget.WithQueryValue(raw, "/commit", "container", Physical));
}
