using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// How dockerd finds a local image by what a user wrote: by name, the tag <c>latest</c> implied and Docker Hub's
/// <c>docker.io/</c> and <c>library/</c> prefixes optional, or by full or short ID.
/// </summary>
public static class ImageReference
{
    private const string IdPrefix = "sha256:";

    public static ImagesListResponse? Find(IEnumerable<ImagesListResponse> images, string reference)
    {
        string familiar = Familiar(reference);
        return images.FirstOrDefault(i => i.RepoTags?.Contains(familiar) == true) ?? images.FirstOrDefault(i => IsIdOf(i.ID, reference));
    }

    /// <summary>The short form Docker shows: <c>docker.io/library/busybox</c> → <c>busybox:latest</c>.</summary>
    public static string Familiar(string reference)
    {
        string name = reference;
        foreach (string registry in (string[])["docker.io/", "index.docker.io/"])
        {
            if (name.StartsWith(registry, StringComparison.Ordinal)) name = name[registry.Length..];
        }
        if (name.StartsWith("library/", StringComparison.Ordinal)) name = name["library/".Length..];
        return HasTagOrDigest(name) ? name : name + ":latest";
    }

    /// <summary>The repository of a familiar reference: <c>busybox:latest</c> → <c>busybox</c>.</summary>
    public static string Repository(string familiar) => familiar[..RepositoryLength(familiar)];

    /// <summary>The repository as a registry knows it, which pull progress names: <c>busybox</c> → <c>library/busybox</c>.</summary>
    public static string RemoteRepository(string familiar)
    {
        string repository = Repository(familiar);
        return repository.Contains('/') ? repository : "library/" + repository;
    }

    /// <summary>The tag or digest of a familiar reference (<c>latest</c>, <c>sha256:…</c>).</summary>
    public static string TagOrDigest(string familiar) => familiar[(RepositoryLength(familiar) + 1)..];

    /// <summary>Whether a tag or digest is written; a tag's colon comes after the last slash (<c>localhost:5000/app</c> has none).</summary>
    public static bool HasTagOrDigest(string name) => name.Contains('@') || name.LastIndexOf(':') > name.LastIndexOf('/');

    private static int RepositoryLength(string familiar) => familiar.Contains('@') ? familiar.IndexOf('@') : familiar.LastIndexOf(':');

    private static bool IsIdOf(string id, string reference)
    {
        string hex = reference.StartsWith(IdPrefix, StringComparison.Ordinal) ? reference[IdPrefix.Length..] : reference;
        return hex.Length > 0 && hex.All(char.IsAsciiHexDigitLower) && id.StartsWith(IdPrefix + hex, StringComparison.Ordinal);
    }
}
