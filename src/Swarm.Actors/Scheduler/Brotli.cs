using System.IO.Compression;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Brotli with a window that spans many records: a snapshot repeats the same node IDs, label names and bodies
/// thousands of times, but far apart (records are in swarm ID order), beyond a deflate window's 32 KB.
/// </summary>
public static class Brotli
{
    // Quality 4 of 11. A snapshot of 28,500 containers (15.6 MB of JSON, written in 16 KB pieces as the serializer
    // writes): quality 4 made 2.19 MB in 97 ms, 5 made 2.18 MB in 290 ms, 3 made 2.42 MB in 76 ms, 1 made 3.7 MB.
    // BrotliStream's window is 22 bits (4 MB), which it does not let us set.
    private const int Quality = 4;

    /// <summary>
    /// Compresses what <paramref name="write"/> writes as it is written: 30,000 containers' state is ~17 MB of JSON,
    /// which written whole first took a chain of doubling buffers up to 16 MB (all garbage on the large object heap).
    /// </summary>
    public static byte[] Compress(Action<Stream> write)
    {
        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, new BrotliCompressionOptions { Quality = Quality }, leaveOpen: true))
        {
            write(brotli);
        }
        return compressed.ToArray();
    }

    public static Stream Decompress(byte[] compressed) => new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
}
