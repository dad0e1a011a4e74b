using System.Net;
using Docker.DotNet.Models;

namespace Swarm.Engines.Hollow;

/// <summary>
/// A hollow engine's networks as dockerd 20.10 keeps them: the predefined <c>bridge</c> (172.17.0.0/16),
/// <c>host</c> and <c>none</c>, plus networks created through the API (a /16 each from 172.18.0.0 on). Containers
/// get an address and an endpoint when they start and give them back when they stop. Not thread-safe: the
/// engine calls it under its own lock.
/// </summary>
internal sealed class HollowNetworks
{
    private static readonly string[] Predefined = ["bridge", "host", "none"];

    private readonly Func<string, string> hash;
    private readonly List<NetworkResponse> networks = [];
    private readonly Dictionary<string, int> nextHost = [];
    private int nextSubnet = 18;

    public HollowNetworks(string dockerId, Func<string, string> hash)
    {
        this.hash = hash;
        // dockerd lists them in this order.
        foreach (string name in new[] { "none", "host", "bridge" })
        {
            var network = New(name, name switch { "bridge" => "bridge", "host" => "host", _ => "null" }, new Dictionary<string, string>(), dockerId);
            if (name == "bridge") network.IPAM.Config = [Subnet(17)];
            networks.Add(network);
        }
    }

    /// <summary>As dockerd lists networks for API 1.28 and later: without their containers (inspect has them).</summary>
    public IList<NetworkResponse> List() => [.. networks.Select(Copy).Select(network =>
    {
        network.Containers = new Dictionary<string, EndpointResource>();
        return network;
    })];

    /// <summary>By full ID, name, then unique ID prefix, as dockerd resolves them.</summary>
    public NetworkResponse Inspect(string idOrName) => Copy(Find(idOrName));

    /// <summary>
    /// A new network; a name already taken is refused only with <paramref name="checkDuplicate"/>, otherwise a second
    /// network of that name is made with dockerd's warning.
    /// </summary>
    public NetworksCreateResponse Create(string name, string? driver, IDictionary<string, string>? labels, bool checkDuplicate, string salt)
    {
        if (string.IsNullOrEmpty(name)) throw DockerMessages.InvalidNetworkName(name);
        if (Predefined.Contains(name)) throw DockerMessages.PredefinedNetworkOperation(name);
        var existing = networks.FirstOrDefault(n => n.Name == name);
        if (existing is not null && checkDuplicate) throw DockerMessages.NetworkExists(name);
        string kind = string.IsNullOrEmpty(driver) ? "bridge" : driver;
        if (kind is "null" or "host") throw DockerMessages.SingleInstanceNetwork(kind);
        if (kind is not ("bridge" or "overlay" or "macvlan" or "ipvlan")) throw DockerMessages.NetworkPluginNotFound(kind);
        var network = New(name, kind, labels ?? new Dictionary<string, string>(), salt);
        network.IPAM.Config = [Subnet(nextSubnet++)];
        networks.Add(network);
        return new NetworksCreateResponse
        {
            ID = network.ID,
            Warning = existing is null ? "" : $"Network with name {name} (id : {existing.ID}) already exists",
        };
    }

    public void Remove(string idOrName)
    {
        var network = Find(idOrName);
        if (Predefined.Contains(network.Name)) throw DockerMessages.PredefinedNetwork(network.Name);
        if (network.Containers.Count > 0) throw DockerMessages.NetworkInUse(network.Name, network.ID);
        networks.Remove(network);
    }

    /// <summary>Throws dockerd's "not found" unless the network exists; the name it is known by otherwise.</summary>
    public string Resolve(string idOrName) => Find(idOrName).Name;

    /// <summary>An address and an endpoint on the network, as a container gets when it starts.</summary>
    public EndpointSettings Connect(string networkName, string containerId, string containerName)
    {
        var network = Find(networkName);
        var endpoint = new EndpointSettings { NetworkID = network.ID, EndpointID = hash(network.ID + "/endpoint/" + containerId) };
        if (network.IPAM.Config is [{ } subnet, ..])
        {
            // From .0.2 on (.0.1 is the gateway), skipping network and broadcast-looking addresses; never reused.
            int host = nextHost.TryGetValue(network.ID, out int next) ? next : 2;
            while ((host & 255) is 0 or 255) host++;
            nextHost[network.ID] = host + 1;
            byte[] address = IPAddress.Parse(subnet.Gateway).GetAddressBytes();
            address[2] = (byte)(host >> 8);
            address[3] = (byte)(host & 255);
            endpoint.IPAddress = new IPAddress(address).ToString();
            endpoint.IPPrefixLen = 16;
            endpoint.Gateway = subnet.Gateway;
            endpoint.MacAddress = $"02:42:{address[0]:x2}:{address[1]:x2}:{address[2]:x2}:{address[3]:x2}";
            network.Containers[containerId] = new EndpointResource
            {
                Name = containerName,
                EndpointID = endpoint.EndpointID,
                MacAddress = endpoint.MacAddress,
                IPv4Address = $"{endpoint.IPAddress}/16",
                IPv6Address = "",
            };
        }
        return endpoint;
    }

    public void Disconnect(string containerId)
    {
        foreach (var network in networks) network.Containers.Remove(containerId);
    }

    private NetworkResponse Find(string idOrName)
    {
        var byId = networks.FirstOrDefault(n => n.ID == idOrName);
        if (byId is not null) return byId;
        var byName = networks.Where(n => n.Name == idOrName).Take(2).ToList();
        if (byName.Count == 2) throw DockerMessages.AmbiguousNetwork(idOrName);
        if (byName.Count == 1) return byName[0];
        var byPrefix = idOrName.Length > 0 ? networks.Where(n => n.ID.StartsWith(idOrName, StringComparison.Ordinal)).Take(2).ToList() : [];
        return byPrefix.Count == 1 ? byPrefix[0] : throw DockerMessages.NoSuchNetwork(idOrName);
    }

    private NetworkResponse New(string name, string driver, IDictionary<string, string> labels, string salt) => new()
    {
        Name = name,
        ID = hash(salt + "/network/" + name),
        Created = DateTime.UtcNow,
        Scope = "local",
        Driver = driver,
        IPAM = new IPAM { Driver = "default", Config = [] },
        ConfigFrom = new ConfigReference { Network = "" },
        Containers = new Dictionary<string, EndpointResource>(),
        Options = new Dictionary<string, string>(),
        Labels = new Dictionary<string, string>(labels),
    };

    private static IPAMConfig Subnet(int second) => new() { Subnet = $"172.{second}.0.0/16", Gateway = $"172.{second}.0.1" };

    private static NetworkResponse Copy(NetworkResponse network) =>
        System.Text.Json.JsonSerializer.Deserialize<NetworkResponse>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(network))!;
}
