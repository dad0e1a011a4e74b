namespace Swarm.Actors.Discovery;

/// <summary>
/// <c>etcd://host:2379,host:2379/prefix</c>: classic's key-value discovery layout. Each engine is the key
/// <c>/prefix/docker/swarm/nodes/&lt;addr&gt;</c> whose value is <c>&lt;addr&gt;</c>, put with a lease of <c>--ttl</c> by every
/// heartbeat of <c>swarm join</c>, so an engine whose join stopped goes once the TTL runs out; the manager reads the
/// values under that directory every heartbeat. Keys are the paths libkv gave the v2 keys API, now v3 keys (see
/// <see cref="EtcdClient"/>). A host without a port gets etcd's client port, 2379 (classic's client dialled port 80).
/// Registrations are made one at a time, as <c>swarm join</c>'s loop does.
/// </summary>
public sealed class EtcdDiscovery(EtcdClient client, string directory) : IDiscovery, IDiscoveryRegistration
{
    /// <summary>Classic swarm's <c>kv.path</c> (the discovery library's own default was <c>docker/nodes</c>).</summary>
    public const string NodesPath = "docker/swarm/nodes";

    public const int DefaultPort = 2379;

    // Per address, the lease that holds its key since the last registration; revoked once a newer one does, so each
    // registered address keeps one lease.
    private readonly Dictionary<string, long> leases = [];

    /// <summary>The directory of the entries, e.g. <c>/prefix/docker/swarm/nodes</c>.</summary>
    public string Directory => directory;

    public IReadOnlyList<Uri> Endpoints => client.Endpoints;

    public string Location => $"{directory} on etcd {string.Join(',', client.Endpoints.Select(e => e.Authority))}";

    /// <summary>What follows <c>etcd://</c>: <c>host[:port][,host[:port]…][/prefix]</c>.</summary>
    public static EtcdDiscovery? TryParse(string hostsAndPrefix, out string? error) =>
        TryParse(hostsAndPrefix, EtcdClient.DefaultRequestTimeout, out error);

    public static EtcdDiscovery? TryParse(string hostsAndPrefix, TimeSpan requestTimeout, out string? error)
    {
        error = null;
        string[] parts = hostsAndPrefix.Split('/', 2);
        var endpoints = new List<Uri>();
        foreach (string host in parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate($"http://{host}/", UriKind.Absolute, out var endpoint) || endpoint.AbsolutePath != "/" || endpoint.UserInfo.Length > 0)
            {
                error = $"invalid etcd host \"{host}\": expected host:port, as in etcd://127.0.0.1:2379/prefix";
                return null;
            }
            endpoints.Add(HasPort(host) ? endpoint : new UriBuilder(endpoint) { Port = DefaultPort }.Uri);
        }
        if (endpoints.Count == 0)
        {
            error = "etcd discovery needs at least one host: etcd://host:2379[,host:2379]/prefix";
            return null;
        }
        return new EtcdDiscovery(new EtcdClient(endpoints, requestTimeout), DirectoryOf(parts.Length == 2 ? parts[1] : ""));
    }

    /// <summary>libkv's key of the directory: <c>path.Join(prefix, kv.path)</c>, empty segments dropped, one leading slash.</summary>
    public static string DirectoryOf(string prefix) =>
        "/" + string.Join('/', $"{prefix}/{NodesPath}".Split('/', StringSplitOptions.RemoveEmptyEntries));

    public string KeyOf(string address) => $"{directory}/{address}";

    /// <summary>The values under the directory, in key order, blank ones skipped (classic's <c>CreateEntries</c>).</summary>
    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken)
    {
        var pairs = await client.RangeAsync(directory + "/", cancellationToken);
        return [.. pairs.Select(pair => pair.Value.Trim()).Where(value => value.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Classic's <c>Put(key, addr, TTL)</c> every heartbeat: a new lease of <paramref name="ttl"/> takes the key over,
    /// which brings it back if it expired or was deleted, and the previous lease is revoked. True when the key was absent.
    /// </summary>
    public async Task<bool> RegisterAsync(string address, TimeSpan ttl, CancellationToken cancellationToken)
    {
        long granted = await client.GrantLeaseAsync(ttl, cancellationToken);
        bool existed = await client.PutAsync(KeyOf(address), address, granted, cancellationToken);
        if (leases.TryGetValue(address, out long previous))
        {
            try
            {
                await client.RevokeLeaseAsync(previous, cancellationToken);
            }
            catch (IOException)
            {
                // Expired already, or etcd did not answer: either way it ends by itself within a TTL.
            }
        }
        leases[address] = granted;
        return !existed;
    }

    private static bool HasPort(string host)
    {
        int bracket = host.LastIndexOf(']');
        return host.IndexOf(':', bracket + 1) >= 0;
    }
}
