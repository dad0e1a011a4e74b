namespace Swarm.Actors.Discovery;

/// <summary><c>file:///path</c>: one entry per line, <c>#</c> comments (whole-line and inline), ranges; re-read every heartbeat.</summary>
public sealed class FileDiscovery(string path) : IDiscovery
{
    public string Path => path;

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) =>
        Parse(await File.ReadAllLinesAsync(path, cancellationToken));

    public static IReadOnlyList<string> Parse(IEnumerable<string> lines) =>
        [.. lines.Select(line => line.Split('#', 2)[0].Trim()).Where(line => line.Length > 0).SelectMany(DiscoveryEntries.Expand)];
}
