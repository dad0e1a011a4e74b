using System.Text.RegularExpressions;

namespace Swarm;

/// <summary>
/// Classic's static discovery: <c>nodes://a:2375,b:2375</c> or the bare list, with one <c>[from:to]</c> range per
/// entry (<c>10.0.0.[10:20]:2375</c>). Other schemes are answered with a clear "not supported" for now.
/// </summary>
public static partial class DiscoveryList
{
    public static IReadOnlyList<string>? TryParse(string discovery, out string? error)
    {
        error = null;
        string list = discovery;
        int scheme = discovery.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            string name = discovery[..scheme];
            if (name != "nodes")
            {
                error = $"discovery backend {name}:// is not supported yet; use nodes://host:port,host:port";
                return null;
            }
            list = discovery[(scheme + 3)..];
        }
        var entries = new List<string>();
        foreach (string entry in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var range = Range().Match(entry);
            if (!range.Success)
            {
                entries.Add(entry);
                continue;
            }
            int from = int.Parse(range.Groups[1].Value), to = int.Parse(range.Groups[2].Value);
            for (int i = from; i <= to; i++) entries.Add(entry[..range.Index] + i + entry[(range.Index + range.Length)..]);
        }
        if (entries.Count == 0) error = "discovery required to manage a cluster. See 'swarm manage --help'.";
        return error is null ? entries : null;
    }

    [GeneratedRegex(@"\[(\d+):(\d+)\]")]
    private static partial Regex Range();
}
