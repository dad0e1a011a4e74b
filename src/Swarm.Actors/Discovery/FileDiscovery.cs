namespace Swarm.Actors.Discovery;

/// <summary>
/// <c>file:///path</c>: one entry per line, <c>#</c> comments (whole-line and inline), ranges; re-read every heartbeat.
/// Unlike classic (whose file backend did not implement <c>Register</c>), <c>swarm join</c> can register into it.
/// </summary>
public sealed class FileDiscovery(string path) : IDiscovery, IDiscoveryRegistration
{
    public string Path => path;

    public string Location => path;

    public async Task<IReadOnlyList<string>> ReadAsync(CancellationToken cancellationToken) =>
        Parse(await File.ReadAllLinesAsync(path, cancellationToken));

    public static IReadOnlyList<string> Parse(IEnumerable<string> lines) =>
        [.. lines.Select(line => line.Split('#', 2)[0].Trim()).Where(line => line.Length > 0).SelectMany(DiscoveryEntries.Expand)];

    /// <summary>
    /// Adds <paramref name="address"/> as a line of its own unless an entry (ranges expanded) already names it; every
    /// other line and comment is kept. The new content goes to a temporary file in the same directory, renamed over
    /// the file, so a reader never sees half a file. A missing file is created. True when the line was written.
    /// A line does not expire: <paramref name="ttl"/> is not used.
    /// </summary>
    public async Task<bool> RegisterAsync(string address, TimeSpan ttl, CancellationToken cancellationToken)
    {
        string text = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : "";
        if (Parse(text.Split('\n')).Contains(address, StringComparer.Ordinal)) return false;
        if (text.Length > 0 && !text.EndsWith('\n')) text += "\n";
        text += address + "\n";
        string directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        string temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, text, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return true;
    }
}
