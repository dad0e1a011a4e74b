using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Swarm.Scheduling.Model;

/// <summary>
/// Labels as tens of thousands of containers hold them: names and values side by side in one array, in their given
/// order, found by a scan (a container has a handful, their names mostly shared instances). Eight labels cost ~180
/// bytes this way against ~440 in a <see cref="Dictionary{TKey, TValue}"/> with its buckets and entries.
/// </summary>
public sealed class CompactLabels : IReadOnlyDictionary<string, string>
{
    /// <summary>Beyond this many labels a scan is no longer cheap: <see cref="Of"/> gives a dictionary.</summary>
    public const int MaxScanned = 16;

    // Name, value, name, value…
    private readonly string[] pairs;

    private CompactLabels(string[] pairs) => this.pairs = pairs;

    /// <summary>The labels in their order; names must be distinct (as any dictionary's keys are).</summary>
    public static IReadOnlyDictionary<string, string> Of(IReadOnlyCollection<KeyValuePair<string, string>> labels)
    {
        if (labels.Count > MaxScanned) return new Dictionary<string, string>(labels, StringComparer.Ordinal);
        var pairs = new string[labels.Count * 2];
        int i = 0;
        foreach (var (name, value) in labels)
        {
            pairs[i++] = name;
            pairs[i++] = value;
        }
        return new CompactLabels(pairs);
    }

    public int Count => pairs.Length / 2;

    public string this[string key] => TryGetValue(key, out string? value) ? value : throw new KeyNotFoundException($"no label {key}");

    public IEnumerable<string> Keys
    {
        get
        {
            for (int i = 0; i < pairs.Length; i += 2) yield return pairs[i];
        }
    }

    public IEnumerable<string> Values
    {
        get
        {
            for (int i = 1; i < pairs.Length; i += 2) yield return pairs[i];
        }
    }

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value)
    {
        int at = IndexOf(key);
        value = at >= 0 ? pairs[at + 1] : null;
        return at >= 0;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
    {
        for (int i = 0; i < pairs.Length; i += 2) yield return new KeyValuePair<string, string>(pairs[i], pairs[i + 1]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (int i = 0; i < pairs.Length; i += 2)
        {
            if (string.Equals(pairs[i], key, StringComparison.Ordinal)) return i;
        }
        return -1;
    }
}
