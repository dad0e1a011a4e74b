using Swarm.Engines.Dockerd;

namespace Swarm.Engines.Tests;

public class EngineAddressTests
{
    [Theory]
    [InlineData("10.0.0.1:2375", "tcp", "10.0.0.1", 2375)]
    [InlineData("node-1.example.com:2376", "tcp", "node-1.example.com", 2376)]
    [InlineData("tcp://10.0.0.1:2375", "tcp", "10.0.0.1", 2375)]
    [InlineData("http://10.0.0.1:2375", "http", "10.0.0.1", 2375)]
    [InlineData("https://10.0.0.1:2376", "https", "10.0.0.1", 2376)]
    public void Network_addresses_become_endpoints(string address, string scheme, string host, int port)
    {
        var uri = EngineAddress.TryParse(address, out string? error);
        Assert.Null(error);
        Assert.NotNull(uri);
        Assert.Equal(scheme, uri.Scheme);
        Assert.Equal(host, uri.Host);
        Assert.Equal(port, uri.Port);
    }

    [Fact]
    public void A_unix_socket_is_accepted()
    {
        var uri = EngineAddress.TryParse("unix:///var/run/docker.sock", out string? error);
        Assert.Null(error);
        Assert.NotNull(uri);
        Assert.Equal("unix", uri.Scheme);
        Assert.Equal("/var/run/docker.sock", uri.AbsolutePath);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("host")]
    [InlineData("tcp://host")]
    [InlineData("ftp://x:1")]
    [InlineData("")]
    [InlineData("10.0.0.1:notaport")]
    [InlineData("10.0.0.1:99999")]
    public void Malformed_addresses_are_rejected_with_a_reason(string address)
    {
        var uri = EngineAddress.TryParse(address, out string? error);
        Assert.Null(uri);
        Assert.NotNull(error);
        Assert.Contains("invalid engine address", error);
        Assert.Contains(address, error);
    }

    [Fact]
    public void A_missing_port_is_explained()
    {
        EngineAddress.TryParse("host", out string? error);
        Assert.Equal("invalid engine address: host (expected host:port)", error);
    }

    [Fact]
    public void The_docker_client_refuses_a_malformed_address()
    {
        var error = Assert.Throws<ArgumentException>(() => new DockerEngineClient("ftp://x:1"));
        Assert.Contains("invalid engine address: ftp://x:1", error.Message);
    }

    [Fact]
    public void The_docker_client_keeps_the_address_as_given()
    {
        using var client = new DockerEngineClient("10.0.0.1:2375");
        Assert.Equal("10.0.0.1:2375", client.Address);
    }
}
