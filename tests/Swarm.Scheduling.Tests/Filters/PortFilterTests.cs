using Swarm.Scheduling.Model;
using Swarm.Scheduling.Tests.Support;
using static Swarm.Scheduling.Tests.Support.TestCluster;

namespace Swarm.Scheduling.Tests.Filters;

public class PortFilterTests
{
    private static ContainerRequest Publish(params PortBinding[] ports) => new() { Image = "nginx", PortBindings = ports };

    [Fact]
    public void A_node_already_binding_the_host_port_is_skipped()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2")
            .Container("node-1", Running("web", Port("80")));
        for (int i = 0; i < 5; i++) Assert.Equal("node-2", cluster.Place(Publish(Port("80"))));
    }

    [Fact]
    public void Stopped_containers_still_own_their_ports()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2")
            .Container("node-1", Running("web", Port("80")) with { State = ContainerState.Exited });
        Assert.Equal("node-2", cluster.Place(Publish(Port("80"))));
    }

    [Fact]
    public void Pending_containers_hold_their_ports_so_concurrent_creates_spread()
    {
        var cluster = new TestCluster().Node("node-1").Node("node-2");
        string first = cluster.Run(Publish(Port("8080")));
        string second = cluster.Run(Publish(Port("8080")));
        Assert.NotEqual(first, second);
        Assert.Equal(Unsatisfied("[port 8080 (Bridge mode)]"), cluster.Run(Publish(Port("8080"))));
    }

    [Fact]
    public void Dynamically_published_ports_count_too()
    {
        var dynamic = Running("web") with { PortBindings = [Port("")], PublishedPorts = [Port("32768")] };
        var cluster = new TestCluster().Node("node-1").Node("node-2").Container("node-1", dynamic);
        Assert.Equal("node-2", cluster.Place(Publish(Port("32768"))));
    }

    [Fact]
    public void Ports_without_a_host_port_never_conflict()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("web", Port("")));
        Assert.Equal("node-1", cluster.Place(Publish(Port(""))));
    }

    [Theory]
    [InlineData("10.0.0.1", "10.0.0.2", false)]
    [InlineData("10.0.0.1", "10.0.0.1", true)]
    [InlineData("0.0.0.0", "10.0.0.1", true)]
    [InlineData("", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "", true)]
    [InlineData("::", "10.0.0.1", true)]
    [InlineData("10.0.0.1", "0.0.0.0", true)]
    public void Bindings_clash_on_the_same_address_or_when_either_side_binds_every_interface(string heldIp, string requestedIp, bool clash)
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("web", Port("80", heldIp)));
        string result = cluster.Place(Publish(Port("80", requestedIp)));
        Assert.Equal(clash ? Unsatisfied("[port 80 (Bridge mode)]") : "node-1", result);
    }

    [Fact]
    public void The_protocol_is_not_compared_as_in_classic()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("dns", Port("53", containerPort: "53/udp")));
        Assert.StartsWith(SchedulingErrors.UnsatisfiedConditionsPrefix, cluster.Place(Publish(Port("53", containerPort: "53/tcp"))));
    }

    [Fact]
    public void Removing_the_holder_frees_the_port()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("web", Port("80")));
        cluster.State.RemoveContainer(IdOf("node-1"), IdFor("web"));
        Assert.Equal("node-1", cluster.Place(Publish(Port("80"))));
    }

    [Fact]
    public void Every_requested_binding_must_be_free_and_all_are_listed_in_the_error()
    {
        var cluster = new TestCluster().Node("node-1").Container("node-1", Running("web", Port("443")));
        Assert.Equal(Unsatisfied("[port 80 (Bridge mode) port 443 (Bridge mode)]"), cluster.Place(Publish(Port("80"), Port("443"))));
    }

    [Fact]
    public void Host_mode_checks_exposed_ports_of_other_host_mode_containers()
    {
        var hostContainer = Running("proxy") with { NetworkMode = "host", ExposedPorts = ["80/tcp"] };
        var cluster = new TestCluster().Node("node-1").Node("node-2").Container("node-1", hostContainer);
        var request = new ContainerRequest { Image = "nginx", NetworkMode = "host", ExposedPorts = ["80/tcp"] };
        for (int i = 0; i < 5; i++) Assert.Equal("node-2", cluster.Place(request));
    }

    [Fact]
    public void Host_mode_ignores_bridge_containers_as_classic_did()
    {
        var bridgeContainer = Running("web", Port("443")) with { ExposedPorts = ["443/tcp"] };
        var cluster = new TestCluster().Node("node-1").Container("node-1", bridgeContainer);
        var request = new ContainerRequest { Image = "nginx", NetworkMode = "host", ExposedPorts = ["443/tcp"] };
        Assert.Equal("node-1", cluster.Place(request));
    }

    [Fact]
    public void Host_mode_failure_names_the_port_and_mode()
    {
        var hostContainer = Running("proxy") with { NetworkMode = "host", ExposedPorts = ["80/tcp"] };
        var cluster = new TestCluster().Node("node-1").Container("node-1", hostContainer);
        var request = new ContainerRequest { Image = "nginx", NetworkMode = "host", ExposedPorts = ["80/tcp"] };
        Assert.Equal("Unable to find a node that satisfies the following conditions \n[port 80/tcp (Host mode)]", cluster.Place(request));
    }
}
