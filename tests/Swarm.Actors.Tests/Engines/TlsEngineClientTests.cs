using Docker.DotNet.Models;
using Swarm.Actors.Tests.Support;
using Swarm.Engines;
using Swarm.Engines.Dockerd;

namespace Swarm.Actors.Tests.Engines;

/// <summary>Client certificates towards an engine started with <c>--tlsverify</c>.</summary>
public sealed class TlsEngineClientTests(TlsEngine engine) : IClassFixture<TlsEngine>
{
    [Fact]
    public async Task A_client_certificate_signed_by_the_engines_ca_is_accepted()
    {
        using var client = engine[1].NewClient();
        Assert.Equal("node-1", (await client.GetSpecsAsync(CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Without_a_client_certificate_the_engine_answers_nothing_useful()
    {
        using var client = new DockerEngineClient(engine[1].Address);
        await Assert.ThrowsAnyAsync<Exception>(() => client.GetSpecsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_engine_certificate_that_does_not_chain_to_the_given_ca_is_refused()
    {
        // The client certificate is no CA for the server's certificate, so verification must fail.
        var wrongAuthority = new EngineTlsOptions(engine.TlsFile("cert.pem"), engine.TlsFile("key.pem"), engine.TlsFile("cert.pem"));
        using var client = new DockerEngineClient(engine[1].Address, wrongAuthority);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => client.GetSpecsAsync(CancellationToken.None));
        Assert.True(EngineErrors.IsConnectionError(error), error.ToString());
    }

    [Fact]
    public async Task Without_a_ca_any_engine_certificate_is_accepted_as_with_plain_tls()
    {
        var noVerify = new EngineTlsOptions(engine.TlsFile("cert.pem"), engine.TlsFile("key.pem"), null);
        using var client = new DockerEngineClient(engine[1].Address, noVerify);
        Assert.Equal("node-1", (await client.GetSpecsAsync(CancellationToken.None)).Name);
    }

    [Fact]
    public async Task Events_stream_in_over_tls_with_the_client_certificate()
    {
        using var client = engine[1].NewClient();
        await client.GetSpecsAsync(CancellationToken.None);
        using var streaming = new CancellationTokenSource();
        var events = new EventCollector();
        var monitor = client.MonitorEventsAsync(EventTime.Format(DateTimeOffset.UtcNow.AddSeconds(-2)), events, streaming.Token);

        var created = await client.CreateContainerAsync(new CreateContainerParameters { Image = "busybox:latest", Cmd = ["true"] }, CancellationToken.None);
        await client.RemoveContainerAsync(created.ID, force: true, removeVolumes: false, CancellationToken.None);
        Assert.True(await events.Saw(created.ID, ["create", "destroy"]), string.Join(",", events.ActionsOf(created.ID)));

        streaming.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
