using System.Text.RegularExpressions;

namespace Swarm.Actors.Discovery;

/// <summary>Classic's discovery entries: <c>host:port</c>, with at most one <c>[from:to]</c> range each (<c>10.0.0.[10:20]:2375</c>).</summary>
public static partial class DiscoveryEntries
{
    public static IEnumerable<string> Expand(string entry)
    {
        var range = Range().Match(entry);
        if (!range.Success)
        {
            yield return entry;
            yield break;
        }
        int from = int.Parse(range.Groups[1].Value), to = int.Parse(range.Groups[2].Value);
        for (int i = from; i <= to; i++) yield return entry[..range.Index] + i + entry[(range.Index + range.Length)..];
    }

    [GeneratedRegex(@"\[(\d+):(\d+)\]")]
    private static partial Regex Range();
}
