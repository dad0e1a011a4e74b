using Swarm.Engines.Dockerd;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Dockerd;

/// <summary>
/// DockerEngineClient's Docker.DotNet calls on our pooled transport: one kept-alive connection serves call after
/// call (Docker.DotNet's own handler asked the engine to close after each), over TCP, TLS and the unix socket, and
/// the client's own requests (inspects, events) go through the same pool.
/// </summary>
public sealed class PooledEngineCredentialsTests
{
    private const int Calls = 20;

    [Fact]
    public async Task Calls_over_tcp_share_one_kept_alive_connection()
    {
        await using var engine = FakeDockerd.OnLoopback();
        using var client = new DockerEngineClient(engine.Address);
        await AssertCallsShareOneConnection(engine, client);
    }

    [Fact]
    public async Task Calls_over_tls_share_one_connection_and_so_one_handshake_with_the_client_certificate()
    {
        using var certificates = new TestCertificates();
        await using var engine = FakeDockerd.OnLoopback(certificates);
        using var client = new DockerEngineClient(engine.Address, certificates.Verifying);
        await AssertCallsShareOneConnection(engine, client);
        Assert.Equal("CN=swarm-test-client", engine.ClientCertificateSubject);
    }

    [Fact]
    public async Task Calls_over_the_unix_socket_share_one_connection()
    {
        await using var engine = FakeDockerd.OnUnixSocket();
        using var client = new DockerEngineClient(engine.Address);
        await AssertCallsShareOneConnection(engine, client);
    }

    [Fact]
    public async Task Docker_DotNet_s_calls_and_the_client_s_own_requests_share_the_connection()
    {
        await using var engine = FakeDockerd.OnLoopback();
        using var client = new DockerEngineClient(engine.Address);
        // Version negotiation makes a new Docker.DotNet client: it borrows the same pool too.
        await client.GetSpecsAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        for (int call = 0; call < Calls; call++)
        {
            await client.PingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            // Our own inspect and start (the fake engine knows no container: a 404, read to its end like any answer).
            await Assert.ThrowsAsync<Docker.DotNet.DockerContainerNotFoundException>(() => client.InspectViewAsync("missing", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
            await Assert.ThrowsAsync<Docker.DotNet.DockerContainerNotFoundException>(() => client.StartContainerAsync("missing", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
        }
        Assert.Equal(2 + 3 * Calls, engine.RequestsServed);
        Assert.Equal(1, engine.ConnectionsAccepted);
    }

    private static async Task AssertCallsShareOneConnection(FakeDockerd engine, DockerEngineClient client)
    {
        var specs = await client.GetSpecsAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("fake-1", "1.41"), (specs.Name, specs.ApiVersion));
        int connectionsBefore = engine.ConnectionsAccepted;
        for (int call = 0; call < Calls; call++) await client.PingAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2 + Calls, engine.RequestsServed);
        Assert.InRange(engine.ConnectionsAccepted - connectionsBefore, 0, 1);
    }
}
