using Swarm.Actors.Discovery;

namespace Swarm;

/// <summary>
/// The <c>&lt;discovery&gt;</c> argument: <c>nodes://a:2375,b:2375</c> or the bare list (ranges <c>[a:b]</c>
/// allowed), or <c>file:///path</c>. Other backends are answered with a clear "not supported".
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
            default:
                error = $"discovery backend {name}:// is not supported; use nodes://host:port,host:port or file:///path";
                return null;
        }
    }
}
