using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Swarm.Actors.Discovery;

namespace Swarm.Actors.Tests.Discovery;

/// <summary>etcd:// discovery against a real etcd (tests/etcd/etcd.sh): registration with a lease, reads, endpoint failover.</summary>
public sealed class EtcdDiscoveryTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Register_puts_the_address_under_classics_path_on_a_lease_of_the_ttl_and_keeps_one_lease()
    {
        string prefix = NewPrefix();
        var discovery = Parse($"{etcd.Endpoint}/{prefix}");
        Assert.Empty(await discovery.ReadAsync(CancellationToken.None));

        Assert.True(await discovery.RegisterAsync("10.0.0.2:2375", Ttl, CancellationToken.None));
        var (value, firstLease) = await Key($"/{prefix}/docker/swarm/nodes/10.0.0.2:2375");
        Assert.Equal("10.0.0.2:2375", value);
        Assert.Equal(30, await GrantedTtl(firstLease));

        // Registered again: already there; a new lease holds the key and the first one is revoked.
        Assert.False(await discovery.RegisterAsync("10.0.0.2:2375", Ttl, CancellationToken.None));
        var (_, secondLease) = await Key($"/{prefix}/docker/swarm/nodes/10.0.0.2:2375");
        Assert.NotEqual(firstLease, secondLease);
        Assert.Equal(-1, await RemainingTtl(firstLease));

        Assert.True(await discovery.RegisterAsync("10.0.0.1:2375", Ttl, CancellationToken.None));
        Assert.Equal(["10.0.0.1:2375", "10.0.0.2:2375"], await discovery.ReadAsync(CancellationToken.None));

        // Someone deletes the key: the next registration brings it back.
        await Call("kv/deleterange", new JsonObject { ["key"] = Base64($"/{prefix}/docker/swarm/nodes/10.0.0.1:2375") });
        Assert.Equal(["10.0.0.2:2375"], await discovery.ReadAsync(CancellationToken.None));
        Assert.True(await discovery.RegisterAsync("10.0.0.1:2375", Ttl, CancellationToken.None));
        Assert.Equal(["10.0.0.1:2375", "10.0.0.2:2375"], await discovery.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Reads_the_values_of_the_directory_only()
    {
        string prefix = NewPrefix();
        await Put($"/{prefix}/docker/swarm/nodes/a", "engine-1:2375");
        await Put($"/{prefix}/docker/swarm/nodes/b", "  ");
        await Put($"/{prefix}/docker/swarm/nodesX/c", "elsewhere:2375");
        await Put($"/{prefix}/docker/swarm/leader", "manager:4000");
        Assert.Equal(["engine-1:2375"], await Parse($"{etcd.Endpoint}/{prefix}").ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task An_endpoint_that_refuses_is_passed_over_for_the_next()
    {
        string prefix = NewPrefix();
        var discovery = Parse($"127.0.0.1:{LoopbackPorts.Free()},{etcd.Endpoint}/{prefix}");
        Assert.True(await discovery.RegisterAsync("10.0.0.3:2375", Ttl, CancellationToken.None));
        Assert.Equal(["10.0.0.3:2375"], await discovery.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task No_endpoint_answering_is_an_IOException_naming_each_failure()
    {
        int first = LoopbackPorts.Free(), second = LoopbackPorts.Free();
        var discovery = Parse($"127.0.0.1:{first},127.0.0.1:{second}/swarm");
        var read = await Assert.ThrowsAsync<IOException>(() => discovery.ReadAsync(CancellationToken.None));
        Assert.StartsWith($"etcd cluster is unavailable or misconfigured; error #0: 127.0.0.1:{first}: Connection refused", read.Message, StringComparison.Ordinal);
        Assert.Contains($"; error #1: 127.0.0.1:{second}: Connection refused", read.Message, StringComparison.Ordinal);
        var register = await Assert.ThrowsAsync<IOException>(() => discovery.RegisterAsync("10.0.0.1:2375", Ttl, CancellationToken.None));
        Assert.StartsWith("etcd cluster is unavailable or misconfigured", register.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_caller_gets_its_cancellation_not_an_etcd_error()
    {
        var discovery = Parse($"{etcd.Endpoint}/swarm");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => discovery.ReadAsync(new CancellationToken(canceled: true)));
    }

    private static EtcdDiscovery Parse(string url) => EtcdDiscovery.TryParse(url, out string? error) ?? throw new InvalidOperationException(error);

    private static string NewPrefix() => "swarm-" + Guid.NewGuid().ToString("N")[..8];

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private async Task Put(string key, string value) => await Call("kv/put", new JsonObject { ["key"] = Base64(key), ["value"] = Base64(value) });

    private async Task<(string Value, long Lease)> Key(string key)
    {
        var answer = await Call("kv/range", new JsonObject { ["key"] = Base64(key) });
        var pair = Assert.Single(answer["kvs"]!.AsArray())!;
        return (Encoding.UTF8.GetString(Convert.FromBase64String(pair["value"]!.GetValue<string>())), long.Parse(pair["lease"]!.GetValue<string>()));
    }

    private async Task<long> GrantedTtl(long lease) => long.Parse((await Call("lease/timetolive", new JsonObject { ["ID"] = lease.ToString() }))["grantedTTL"]!.GetValue<string>());

    private async Task<long> RemainingTtl(long lease) => long.Parse((await Call("lease/timetolive", new JsonObject { ["ID"] = lease.ToString() }))["TTL"]!.GetValue<string>());

    /// <summary>etcd's v3 JSON gateway, called directly, to look behind the discovery.</summary>
    private async Task<JsonObject> Call(string method, JsonObject request)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsJsonAsync($"http://{etcd.Endpoint}/v3/{method}", request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }
}
