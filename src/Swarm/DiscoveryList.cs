using Swarm.Actors.Discovery;

namespace Swarm;

/// <summary>
/// The <c>&lt;discovery&gt;</c> argument: <c>nodes://a:2375,b:2375</c> or the bare list (ranges <c>[a:b]</c>
/// allowed), <c>file:///path</c> or <c>etcd://host:2379,host:2379/prefix</c>. Other backends are answered with a clear
/// "not supported".
/// </summary>
public static class DiscoveryList
{
    public static IDiscovery? TryParse(string discovery, out string? error)
    {
        error = null;
        int scheme = discovery.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0) return StaticDiscovery.Parse(discovery);
        string name = discovery[..scheme], rest = discovery[(scheme + 3)..];
        switch (name)
        {
            case "nodes":
                return StaticDiscovery.Parse(rest);
            case "file":
                return new FileDiscovery(rest);
            case "etcd":
                return EtcdDiscovery.TryParse(rest, out error);
            default:
                error = $"discovery backend {name}:// is not supported; use nodes://host:port,host:port, file:///path or etcd://host:2379/prefix";
                return null;
        }
    }
}
