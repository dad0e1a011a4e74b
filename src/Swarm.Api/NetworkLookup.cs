namespace Swarm.Api;

/// <summary>
/// Finds networks the way users name them, in classic's order (<c>Networks.Get</c>): the exact ID or its 12-character
/// short form; then the name, <c>node/name</c> or <c>engineID/name</c>; then an ID prefix that names one network.
/// </summary>
public static class NetworkLookup
{
    /// <summary>
    /// Every copy a reference addresses: the network with that ID (a global one on each engine holding it), every
    /// engine's network of that name (or the named node's), or the one network an ID prefix names. Empty when none,
    /// or when a prefix fits several networks.
    /// </summary>
    /// <param name="entries">Every engine's networks, in node order.</param>
    public static IReadOnlyList<NetworkEntry> Holders(string reference, IReadOnlyList<NetworkEntry> entries)
    {
        if (reference.Length == 0) return [];
        var byId = entries.Where(e => e.Id == reference || (e.Id.Length > 12 && e.Id[..12] == reference)).ToList();
        if (byId.Count > 0) return byId;
        var byName = entries.Where(e => e.Name == reference || $"{e.Node}/{e.Name}" == reference || $"{e.NodeId}/{e.Name}" == reference).ToList();
        if (byName.Count > 0) return byName;
        var byPrefix = entries.Where(e => e.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
        return byPrefix.Select(e => e.Id).Distinct().Count() == 1 ? byPrefix : [];
    }

    /// <summary>
    /// The one network a reference names, for inspect. A bare name several engines hold is answered with the first
    /// node's copy when users made it (the manager creates a bare name on every engine); dockerd's own
    /// <c>bridge</c>, <c>host</c> and <c>none</c> are then ambiguous and not found, as in classic.
    /// </summary>
    public static NetworkEntry? Find(string reference, IReadOnlyList<NetworkEntry> entries)
    {
        var holders = Holders(reference, entries);
        if (holders.Count == 0) return null;
        if (holders.Select(h => h.Id).Distinct().Count() == 1) return holders[0];
        return holders.All(h => h.Name == reference && !h.IsPredefined) ? holders[0] : null;
    }

    /// <summary>The copy on one engine (by engine ID) of what the reference names, for connecting that engine's container; or null.</summary>
    public static NetworkEntry? OnNode(string reference, IReadOnlyList<NetworkEntry> entries, string nodeId) =>
        Holders(reference, entries).FirstOrDefault(h => h.NodeId == nodeId);
}
