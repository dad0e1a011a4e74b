using System.Text;
using Swarm.Actors.Discovery;

namespace Swarm.Actors.Tests.Discovery;

/// <summary><c>etcd://hosts/prefix</c>: endpoints and classic's key layout, without an etcd.</summary>
public class EtcdDiscoveryParsingTests
{
    [Theory]
    [InlineData("127.0.0.1:2379/swarm", new[] { "127.0.0.1:2379" }, "/swarm/docker/swarm/nodes")]
    [InlineData("h1,h2:4001/a/b/", new[] { "h1:2379", "h2:4001" }, "/a/b/docker/swarm/nodes")]
    [InlineData(" h1:2379 , h2:2380 //a//b", new[] { "h1:2379", "h2:2380" }, "/a/b/docker/swarm/nodes")]
    [InlineData("h1:2379", new[] { "h1:2379" }, "/docker/swarm/nodes")]
    [InlineData("h1:2379/", new[] { "h1:2379" }, "/docker/swarm/nodes")]
    [InlineData("[::1]/x", new[] { "[::1]:2379" }, "/x/docker/swarm/nodes")]
    [InlineData("[::1]:4001/x", new[] { "[::1]:4001" }, "/x/docker/swarm/nodes")]
    public void Hosts_get_etcds_port_when_they_have_none_and_entries_live_under_prefix_docker_swarm_nodes(string url, string[] endpoints, string directory)
    {
        var discovery = EtcdDiscovery.TryParse(url, out string? error);
        Assert.Null(error);
        Assert.Equal(endpoints, discovery!.Endpoints.Select(e => e.Authority));
        Assert.All(discovery.Endpoints, e => Assert.Equal("http", e.Scheme));
        Assert.Equal(directory, discovery.Directory);
        Assert.Equal(directory + "/10.0.0.1:2375", discovery.KeyOf("10.0.0.1:2375"));
    }

    [Theory]
    [InlineData("", "etcd discovery needs at least one host: etcd://host:2379[,host:2379]/prefix")]
    [InlineData("/swarm", "etcd discovery needs at least one host: etcd://host:2379[,host:2379]/prefix")]
    [InlineData(",/swarm", "etcd discovery needs at least one host: etcd://host:2379[,host:2379]/prefix")]
    [InlineData("h1:port/swarm", "invalid etcd host \"h1:port\": expected host:port, as in etcd://127.0.0.1:2379/prefix")]
    [InlineData("h1:2379,user@h2/swarm", "invalid etcd host \"user@h2\": expected host:port, as in etcd://127.0.0.1:2379/prefix")]
    public void Bad_hosts_are_refused_with_the_form_expected(string url, string message)
    {
        Assert.Null(EtcdDiscovery.TryParse(url, out string? error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void The_discovery_argument_takes_etcd_urls()
    {
        var discovery = Assert.IsType<EtcdDiscovery>(DiscoveryList.TryParse("etcd://127.0.0.1:2379,127.0.0.2:2379/swarm", out string? error));
        Assert.Null(error);
        Assert.Equal(["127.0.0.1:2379", "127.0.0.2:2379"], discovery.Endpoints.Select(e => e.Authority));
        Assert.Null(DiscoveryList.TryParse("zk://127.0.0.1:2181/swarm", out error));
        Assert.Equal("discovery backend zk:// is not supported; use nodes://host:port,host:port, file:///path or etcd://host:2379/prefix", error);
    }

    [Theory]
    [InlineData("/a/", "/a0")]
    [InlineData("a\u00ff", "b")]
    public void A_prefix_range_ends_at_the_first_key_after_the_prefix(string prefix, string end)
    {
        Assert.Equal(Encoding.Latin1.GetBytes(end), EtcdClient.PrefixEnd(Encoding.Latin1.GetBytes(prefix)));
    }

    [Fact]
    public void A_prefix_of_only_0xff_bytes_ranges_to_the_end_of_the_key_space()
    {
        Assert.Equal([0], EtcdClient.PrefixEnd([0xff, 0xff]));
    }
}
