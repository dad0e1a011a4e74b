using Docker.DotNet.Models;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>Classic's rule (cluster.go createContainer, handlers.go stripNodeNamesFromNetworkingConfig) for <c>--network node/name</c>.</summary>
public class NodeScopedNetworkTests
{
    [Fact]
    public void A_node_scoped_network_adds_a_soft_node_constraint_and_the_engine_gets_the_bare_name()
    {
        var parameters = new CreateContainerParameters
        {
            Env = ["A=1"],
            HostConfig = new HostConfig { NetworkMode = "node-2/backend" },
            NetworkingConfig = new NetworkingConfig { EndpointsConfig = new Dictionary<string, EndpointSettings> { ["node-2/backend"] = new() { Aliases = ["db"] } } },
        };
        NodeScopedNetwork.Apply(parameters);
        Assert.Equal("backend", parameters.HostConfig.NetworkMode);
        Assert.Equal(["backend"], parameters.NetworkingConfig.EndpointsConfig.Keys);
        Assert.Equal(["db"], parameters.NetworkingConfig.EndpointsConfig["backend"].Aliases);
        Assert.Equal(["A=1", "constraint:node==~node-2"], parameters.Env);
    }

    [Theory]
    [InlineData("backend")]
    [InlineData("container:web")]
    [InlineData("host")]
    public void Other_network_modes_are_left_alone(string mode)
    {
        var parameters = new CreateContainerParameters { HostConfig = new HostConfig { NetworkMode = mode } };
        NodeScopedNetwork.Apply(parameters);
        Assert.Equal(mode, parameters.HostConfig.NetworkMode);
        Assert.Null(parameters.Env);
    }

    [Fact]
    public void A_hard_node_constraint_stays_the_only_one()
    {
        var parameters = new CreateContainerParameters { Env = ["constraint:node==node-3"], HostConfig = new HostConfig { NetworkMode = "node-2/backend" } };
        NodeScopedNetwork.Apply(parameters);
        Assert.Equal(["constraint:node==node-3"], parameters.Env);
        Assert.Equal("backend", parameters.HostConfig.NetworkMode);
    }
}
