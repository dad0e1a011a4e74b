using System.IO.Compression;

namespace Swarm.Actors.Scheduler;

/// <summary>
/// Brotli with a window that spans many records: a snapshot repeats the same node IDs, label names and bodies
/// thousands of times, but far apart (records are in swarm ID order), beyond a deflate window's 32 KB.
/// </summary>
public static class Brotli
{
    // Quality 5 of 11: most of the gain at a small part of the time of the highest.
    private const int Quality = 5;
    private const int Window = 22;

    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        var compressed = new byte[BrotliEncoder.GetMaxCompressedLength(data.Length)];
        if (!BrotliEncoder.TryCompress(data, compressed, out int length, Quality, Window)) throw new InvalidOperationException("Brotli compression failed");
        return compressed[..length];
    }

    public static Stream Decompress(byte[] compressed) => new BrotliStream(new MemoryStream(compressed), CompressionMode.Decompress);
}
