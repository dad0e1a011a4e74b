namespace Swarm.Engines;

/// <summary>Turns the addresses operators write (<c>host:port</c>, <c>tcp://host:port</c>, <c>unix:///path</c>) into an endpoint URI.</summary>
public static class EngineAddress
{
    public static Uri? TryParse(string address, out string? error)
    {
        error = null;
        string text = address.Contains("://", StringComparison.Ordinal) ? address : "tcp://" + address;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("tcp" or "unix" or "http" or "https"))
        {
            error = $"invalid engine address: {address}";
            return null;
        }
        if (uri.Scheme != "unix" && (uri.Port <= 0 || string.IsNullOrEmpty(uri.Host)))
        {
            error = $"invalid engine address: {address} (expected host:port)";
            return null;
        }
        return uri;
    }
}
