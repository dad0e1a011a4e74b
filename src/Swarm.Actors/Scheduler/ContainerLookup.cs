namespace Swarm.Actors.Scheduler;

/// <summary>
/// Resolves what a user typed for a container (<c>IDOrName</c>) to at most one container. Every container is
/// addressed by its virtual ID (<see cref="LookupEntry.SwarmId"/>, the ID users see) and also by the engine's
/// physical ID. Rules, in order; the first rule that matches anything decides:
/// <list type="number">
/// <item>the exact virtual ID or the exact physical ID;</item>
/// <item>the name: <c>name</c>, <c>/name</c>, <c>&lt;nodeName&gt;/name</c> or <c>&lt;nodeId&gt;/name</c>;</item>
/// <item>a prefix of a virtual ID or of a physical ID (the union of both, a container counted once).</item>
/// </list>
/// One match is found; several are ambiguous (never a guess); none is not found. Empty text is not found.
/// Matching is ordinal (case-sensitive), as in Docker. Unlike classic Swarm, which tried 12-character truncated IDs
/// before names, a name wins over any ID prefix, as in the Docker daemon.
/// Entries equal by value are one container. The linear overload scans the entries; the index overload does not,
/// and both give identical results.
/// </summary>
public static class ContainerLookup
{
    /// <summary>Resolves by scanning <paramref name="entries"/> once.</summary>
    public static LookupResult Resolve(string idOrName, IEnumerable<LookupEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        ArgumentNullException.ThrowIfNull(entries);
        if (idOrName.Length == 0) return LookupResult.NotFound(idOrName);

        var exact = new HashSet<LookupEntry>();
        var named = new HashSet<LookupEntry>();
        var prefixed = new HashSet<LookupEntry>();
        foreach (var entry in entries)
        {
            if (IsExactId(entry, idOrName)) exact.Add(entry);
            if (IsNamed(entry, idOrName)) named.Add(entry);
            if (prefixed.Count < 2 && IsIdPrefix(entry, idOrName)) prefixed.Add(entry);
        }
        return Decide(idOrName, exact, () => named, () => prefixed);
    }

    /// <summary>Resolves through a prebuilt index, without scanning.</summary>
    public static LookupResult Resolve(string idOrName, ContainerLookupIndex index)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
        ArgumentNullException.ThrowIfNull(index);
        if (idOrName.Length == 0) return LookupResult.NotFound(idOrName);

        return Decide(idOrName, index.WithExactId(idOrName), () => index.Named(idOrName), () => index.WithIdPrefix(idOrName, limit: 2));
    }

    private static LookupResult Decide(
        string text,
        IReadOnlyCollection<LookupEntry> exact,
        Func<IReadOnlyCollection<LookupEntry>> named,
        Func<IReadOnlyCollection<LookupEntry>> prefixed)
    {
        if (exact.Count == 1) return LookupResult.Of(exact.First());
        if (exact.Count > 1) return LookupResult.AmbiguousId(text);

        var byName = named();
        if (byName.Count == 1) return LookupResult.Of(byName.First());
        if (byName.Count > 1) return LookupResult.AmbiguousName(text, byName);

        var byPrefix = prefixed();
        if (byPrefix.Count == 1) return LookupResult.Of(byPrefix.First());
        if (byPrefix.Count > 1) return LookupResult.AmbiguousPrefix(text);

        return LookupResult.NotFound(text);
    }

    // text is never empty here, so an empty (pending) physical ID never matches.
    internal static bool IsExactId(LookupEntry entry, string text) =>
        entry.SwarmId == text || entry.EngineContainerId == text;

    internal static bool IsIdPrefix(LookupEntry entry, string text) =>
        entry.SwarmId.StartsWith(text, StringComparison.Ordinal) || entry.EngineContainerId.StartsWith(text, StringComparison.Ordinal);

    /// <summary><c>name</c>, <c>/name</c>, <c>nodeName/name</c> or <c>nodeId/name</c>; a container with no name has none of them.</summary>
    internal static bool IsNamed(LookupEntry entry, string text)
    {
        string name = entry.Name;
        if (name.Length == 0) return false;
        return text == name
            || IsQualified(text, "", name)
            || (entry.NodeName.Length > 0 && IsQualified(text, entry.NodeName, name))
            || (entry.NodeId.Length > 0 && IsQualified(text, entry.NodeId, name));
    }

    // text == qualifier + "/" + name, without building the string.
    private static bool IsQualified(string text, string qualifier, string name) =>
        text.Length == qualifier.Length + 1 + name.Length
        && text[qualifier.Length] == '/'
        && text.StartsWith(qualifier, StringComparison.Ordinal)
        && text.EndsWith(name, StringComparison.Ordinal);
}
