namespace Swarm.Scheduling.Model;

/// <summary>Splits image references the way classic Swarm did (<c>cluster.ParseRepositoryTag</c>).</summary>
public static class ImageReference
{
    /// <summary>The repository part: <c>redis:7</c> → <c>redis</c>, <c>localhost:5000/app</c> stays whole, a digest is cut off.</summary>
    public static string Repository(string reference)
    {
        int at = reference.IndexOf('@');
        if (at >= 0) return reference[..at];
        int colon = reference.LastIndexOf(':');
        if (colon < 0) return reference;
        return reference.AsSpan(colon + 1).Contains('/') ? reference : reference[..colon];
    }
}
