using Swarm.Api;
using Swarm.Scheduling.Model;

namespace Swarm.Actors.Tests.Api;

public class NodeSpecUpdateTests
{
    [Theory]
    [InlineData("""{"Labels":{},"Role":"worker","Availability":"drain"}""", NodeAvailability.Drain)]
    [InlineData("""{"Role":"worker","Availability":"pause"}""", NodeAvailability.Pause)]
    [InlineData("""{"Name":"","Labels":null,"Role":"WORKER","Availability":"Active"}""", NodeAvailability.Active)]
    public void The_spec_docker_node_update_sends_back_gives_the_availability(string body, NodeAvailability expected)
    {
        Assert.True(NodeSpecUpdate.TryRead(body, out var availability, out string error), error);
        Assert.Equal(expected, availability);
    }

    [Theory]
    [InlineData("{bad", "invalid JSON: ")]
    [InlineData("[]", "invalid JSON: ")]
    [InlineData("""{"Role":"worker","Availability":3}""", "invalid JSON: Availability must be a string")]
    [InlineData("""{"Role":"worker","Availability":"sleep"}""", "invalid Availability: \"sleep\"")]
    [InlineData("""{"Availability":"drain"}""", "invalid Role: \"\"")]
    [InlineData("""{"Role":"boss","Availability":"drain"}""", "invalid Role: \"boss\"")]
    [InlineData("""{"Role":"manager","Availability":"active"}""", "nodes of this cluster are its engines and all are workers: only their availability can be changed")]
    [InlineData("""{"Name":"web","Role":"worker","Availability":"active"}""", "a node's name is its engine's hostname: only its availability can be changed")]
    [InlineData("""{"Labels":{"a":"b"},"Role":"worker","Availability":"active"}""", "a node's labels are its engine's own (dockerd --label): only its availability can be changed")]
    [InlineData("""{"Labels":"a=b","Role":"worker","Availability":"active"}""", "invalid JSON: Labels must be an object")]
    public void Anything_but_the_availability_is_refused_with_a_message(string body, string message)
    {
        Assert.False(NodeSpecUpdate.TryRead(body, out _, out string error));
        Assert.StartsWith(message, error);
    }
}
