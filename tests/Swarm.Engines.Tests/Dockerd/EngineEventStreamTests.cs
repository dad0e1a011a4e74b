using System.Net;
using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines.Dockerd;
using Swarm.Engines.Tests.Support;

namespace Swarm.Engines.Tests.Dockerd;

/// <summary>
/// <see cref="DockerEngineClient.MonitorEventsAsync"/> over our own reader of <c>GET /events</c>, against a fake
/// dockerd that writes exactly the bytes each test chooses.
/// </summary>
public sealed class EngineEventStreamTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // dockerd 20.10's own lines (docker events --format '{{json .}}'), a container's and a network's.
    private const string ContainerStart =
        """{"status":"start","id":"4f2c0a1b9e","from":"busybox:latest","Type":"container","Action":"start","Actor":{"ID":"4f2c0a1b9e","Attributes":{"image":"busybox:latest","name":"web","com.docker.swarm.id":"s-1"}},"scope":"local","time":1700000000,"timeNano":1700000000123456789}""";
    private const string NetworkConnect =
        """{"Type":"network","Action":"connect","Actor":{"ID":"9d1e","Attributes":{"container":"4f2c0a1b9e","name":"bridge","type":"bridge"}},"scope":"local","time":1700000001,"timeNano":1700000001000000002}""";

    private readonly FakeDockerd engine = FakeDockerd.OnLoopback();
    private DockerEngineClient client = null!;

    public Task InitializeAsync()
    {
        client = new DockerEngineClient(engine.Address);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client.Dispose();
        await engine.DisposeAsync();
    }

    [Fact]
    public async Task Events_arrive_as_docker_messages_with_every_field_filled()
    {
        var events = new EventCollector();
        using var stop = new CancellationTokenSource();
        var monitor = client.MonitorEventsAsync(null, events, stop.Token);
        await using var served = await engine.NextEventStreamAsync();

        await served.SendLinesAsync(ContainerStart, NetworkConnect);
        Assert.True(await Eventually.Holds(() => events.Messages.Count == 2, 5000), $"{events.Messages.Count} events");

        var (start, connect) = (events.Messages.First(), events.Messages.Last());
        Assert.Equal(("start", "4f2c0a1b9e", "busybox:latest", "container", "start", "local"), (start.Status, start.ID, start.From, start.Type, start.Action, start.Scope));
        Assert.Equal((1700000000L, 1700000000123456789L), (start.Time, start.TimeNano));
        Assert.Equal("4f2c0a1b9e", start.Actor.ID);
        Assert.Equal(new Dictionary<string, string> { ["image"] = "busybox:latest", ["name"] = "web", ["com.docker.swarm.id"] = "s-1" }, start.Actor.Attributes);
        Assert.Equal(("network", "connect", "9d1e", "bridge", 1700000001000000002L), (connect.Type, connect.Action, connect.Actor.ID, connect.Actor.Attributes["name"], connect.TimeNano));
        Assert.Null(connect.Status);
        Assert.False(monitor.IsCompleted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
    }

    [Fact]
    public async Task Lines_split_across_chunks_or_sharing_one_are_each_read_whole_and_in_order()
    {
        var events = new EventCollector();
        using var stop = new CancellationTokenSource();
        var monitor = client.MonitorEventsAsync(null, events, stop.Token);
        await using var served = await engine.NextEventStreamAsync();

        await served.SendChunkAsync(ContainerStart[..40]);
        await served.SendChunkAsync(ContainerStart[40..] + "\n" + NetworkConnect[..10]);
        await served.SendChunkAsync(NetworkConnect[10..] + "\n\n");
        var many = Enumerable.Range(1, 5000).Select(i => ContainerStart.Replace("1700000000123456789", (1700000000123456789L + i).ToString())).ToArray();
        await served.SendLinesAsync(many);

        Assert.True(await Eventually.Holds(() => events.Messages.Count == 5002, 10000), $"{events.Messages.Count} events");
        Assert.Equal(["container", "network"], events.Messages.Take(2).Select(m => m.Type));
        Assert.Equal(Enumerable.Range(1, 5000).Select(i => 1700000000123456789L + i), events.Messages.Skip(2).Select(m => m.TimeNano));
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
    }

    [Fact]
    public async Task Since_is_asked_for_and_once_negotiated_the_path_carries_the_api_version()
    {
        using var stop = new CancellationTokenSource();
        var before = client.MonitorEventsAsync("1700000000.000000001", new EventCollector(), stop.Token);
        await using var unversioned = await engine.NextEventStreamAsync();
        Assert.Equal("/events?since=1700000000.000000001", unversioned.Target);

        Assert.Equal("1.41", (await client.GetSpecsAsync(CancellationToken.None).WaitAsync(Patience)).ApiVersion);
        var since = client.MonitorEventsAsync("1700000000.000000002", new EventCollector(), stop.Token);
        await using var versioned = await engine.NextEventStreamAsync();
        Assert.Equal("/v1.41/events?since=1700000000.000000002", versioned.Target);

        var fromNow = client.MonitorEventsAsync(null, new EventCollector(), stop.Token);
        await using var withoutSince = await engine.NextEventStreamAsync();
        Assert.Equal("/v1.41/events", withoutSince.Target);

        stop.Cancel();
        foreach (var monitor in new[] { before, since, fromNow }) await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelling_ends_the_task_at_once_and_closes_the_connection()
    {
        using var stop = new CancellationTokenSource();
        var monitor = client.MonitorEventsAsync(null, new EventCollector(), stop.Token);
        await using var served = await engine.NextEventStreamAsync();
        await Task.Delay(100);
        Assert.False(monitor.IsCompleted);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        await served.ClientGone.WaitAsync(Patience);
    }

    [Fact]
    public async Task Cancelling_before_the_engine_answers_ends_the_task_too()
    {
        using var stop = new CancellationTokenSource();
        using var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        // Accepted by the kernel, never answered: a SIGSTOPped dockerd.
        using var hung = new DockerEngineClient($"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}");
        var monitor = hung.MonitorEventsAsync(null, new EventCollector(), stop.Token);
        await Task.Delay(100);
        Assert.False(monitor.IsCompleted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_line_that_is_not_an_event_is_passed_over_and_the_stream_goes_on()
    {
        var events = new EventCollector();
        using var stop = new CancellationTokenSource();
        var monitor = client.MonitorEventsAsync(null, events, stop.Token);
        await using var served = await engine.NextEventStreamAsync();

        await served.SendLinesAsync(ContainerStart, "{\"Type\": \"container\", \"time\": \"not a number\"}", "{not json", NetworkConnect);
        Assert.True(await Eventually.Holds(() => events.Messages.Count == 2, 5000), $"{events.Messages.Count} events");
        Assert.Equal(["start", "connect"], events.Messages.Select(m => m.Action));
        Assert.False(monitor.IsCompleted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => monitor.WaitAsync(Patience));
    }

    [Fact]
    public async Task An_engine_ending_the_stream_completes_the_task_after_reporting_what_it_sent()
    {
        var events = new EventCollector();
        var monitor = client.MonitorEventsAsync(null, events, CancellationToken.None);
        await using var served = await engine.NextEventStreamAsync();
        await served.SendLinesAsync(ContainerStart);
        // The last event without its newline still counts, as a JSON reader would take it.
        await served.SendChunkAsync(NetworkConnect);
        await served.EndAsync();

        await monitor.WaitAsync(Patience);
        Assert.Equal(["start", "connect"], events.Messages.Select(m => m.Action));
    }

    [Fact]
    public async Task A_connection_cut_mid_stream_faults_the_task_with_a_connection_error()
    {
        var monitor = client.MonitorEventsAsync(null, new EventCollector(), CancellationToken.None);
        await using var served = await engine.NextEventStreamAsync();
        await served.SendChunkAsync(ContainerStart[..20]);
        await served.CutAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => monitor.WaitAsync(Patience));
        Assert.True(EngineErrors.IsConnectionError(error), error.ToString());
    }

    [Fact]
    public async Task An_error_answer_faults_the_task_with_the_engines_status_and_message()
    {
        engine.EventsError = HttpStatusCode.InternalServerError;
        engine.EventsErrorMessage = "events are broken";

        var error = await Assert.ThrowsAsync<DockerApiException>(() => client.MonitorEventsAsync(null, new EventCollector(), CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("events are broken", DockerErrorMessage.Of(error));
        Assert.False(EngineErrors.IsConnectionError(error));
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error()
    {
        using var nobody = new DockerEngineClient("127.0.0.1:1");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => nobody.MonitorEventsAsync(null, new EventCollector(), CancellationToken.None).WaitAsync(Patience));
        Assert.True(EngineErrors.IsConnectionError(error), error.ToString());
    }

    [Fact]
    public async Task Events_stream_over_the_engines_unix_socket()
    {
        await using var local = FakeDockerd.OnUnixSocket();
        using var overSocket = new DockerEngineClient(local.Address);
        var events = new EventCollector();
        var monitor = overSocket.MonitorEventsAsync("1700000000.000000000", events, CancellationToken.None);
        await using var served = await local.NextEventStreamAsync();
        Assert.Equal("/events?since=1700000000.000000000", served.Target);

        await served.SendLinesAsync(ContainerStart);
        await served.EndAsync();
        await monitor.WaitAsync(Patience);
        Assert.Equal("4f2c0a1b9e", Assert.Single(events.Messages).Actor.ID);
    }

    [Fact]
    public async Task Events_stream_over_tls_with_the_client_certificate_to_an_engine_signed_by_the_ca()
    {
        using var certificates = new TestCertificates();
        await using var secured = FakeDockerd.OnLoopback(certificates);
        using var verifying = new DockerEngineClient(secured.Address, certificates.Verifying);
        var events = new EventCollector();
        var monitor = verifying.MonitorEventsAsync(null, events, CancellationToken.None);
        await using var served = await secured.NextEventStreamAsync();
        Assert.Equal("CN=swarm-test-client", secured.ClientCertificateSubject);

        await served.SendLinesAsync(ContainerStart);
        await served.EndAsync();
        await monitor.WaitAsync(Patience);
        Assert.Equal("web", Assert.Single(events.Messages).Actor.Attributes["name"]);
    }

    [Fact]
    public async Task Over_tls_an_engine_certificate_that_does_not_chain_to_the_given_ca_is_refused()
    {
        using var certificates = new TestCertificates();
        using var stranger = new TestCertificates();
        await using var secured = FakeDockerd.OnLoopback(certificates);
        // The engine's certificate is signed by its own CA, not by the one the client is told to trust.
        var wrongAuthority = new EngineTlsOptions(certificates.CertFile, certificates.KeyFile, stranger.CaFile);
        using var misled = new DockerEngineClient(secured.Address, wrongAuthority);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => misled.MonitorEventsAsync(null, new EventCollector(), CancellationToken.None).WaitAsync(Patience));
        Assert.True(EngineErrors.IsConnectionError(error), error.ToString());
    }
}
