using System.Buffers.Binary;
using System.Text;
using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// A hollow container's logs: nothing ran, so a short fixed text that says so, in dockerd's multiplexed frames
/// (8-byte header: stream 1 stdout or 2 stderr, three zero bytes, big-endian length) unless the container has a
/// TTY, whose output is one raw stream. <c>follow</c>, <c>since</c>, <c>until</c>, <c>tail</c> and <c>timestamps</c> are ignored.
/// </summary>
public static class ContainerLogs
{
    /// <summary>What dockerd 20.10 sends logs as at API 1.41, multiplexed or not.</summary>
    public const string ContentType = "application/vnd.docker.raw-stream";

    private const byte Stdout = 1;
    private const byte Stderr = 2;

    public static byte[] Of(ContainerInspectResponse container, string engineName, bool stdout, bool stderr)
    {
        string name = container.Name.TrimStart('/');
        string command = string.Join(' ', new[] { container.Path }.Concat(container.Args ?? []));
        var lines = new List<(byte Stream, string Text)>();
        if (stdout) lines.Add((Stdout, $"hollow engine {engineName}: container {name} ({command}) is simulated\n"));
        if (stderr) lines.Add((Stderr, "hollow engine: no process ran, so there is no real output\n"));

        using var output = new MemoryStream();
        foreach (var (stream, text) in lines)
        {
            byte[] payload = Encoding.UTF8.GetBytes(text);
            if (!container.Config.Tty) output.Write(Header(stream, payload.Length));
            output.Write(payload);
        }
        return output.ToArray();
    }

    private static byte[] Header(byte stream, int length)
    {
        byte[] header = new byte[8];
        header[0] = stream;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)length);
        return header;
    }
}
