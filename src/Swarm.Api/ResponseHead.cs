using System.Globalization;
using System.Text;

namespace Swarm.Api;

/// <summary>
/// An HTTP/1.1 response head read off a raw engine connection (the hijack path talks to the engine without an HTTP
/// client), with whatever bytes already followed it.
/// </summary>
public sealed class ResponseHead
{
    private ResponseHead(int statusCode, IReadOnlyList<(string Name, string Value)> headers, byte[] rest)
    {
        StatusCode = statusCode;
        Headers = headers;
        Rest = rest;
    }

    public int StatusCode { get; }
    public IReadOnlyList<(string Name, string Value)> Headers { get; }

    /// <summary>Bytes read past the head: the start of the stream or body.</summary>
    public byte[] Rest { get; }

    /// <summary>The engine switched to the raw stream: 101, or 200 with Docker's stream media type (engines answering without an upgrade).</summary>
    public bool IsRawStream =>
        StatusCode == 101 || (StatusCode == 200 && Header("Content-Type")?.StartsWith("application/vnd.docker.", StringComparison.Ordinal) == true);

    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>Parses a head (status line and header lines, without the blank line). Null if it is not HTTP.</summary>
    public static ResponseHead? Parse(string head, byte[] rest)
    {
        string[] lines = head.Split("\r\n");
        string[] status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal) || !int.TryParse(status[1], out int code)) return null;
        var headers = new List<(string, string)>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return new ResponseHead(code, headers, rest);
    }

    /// <summary>Reads up to the end of the head; null if the connection ends first or the head is too long.</summary>
    public static async Task<ResponseHead?> Read(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        byte[] chunk = new byte[4096];
        while (buffer.Length < maxLength)
        {
            int read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0) return null;
            buffer.Write(chunk, 0, read);
            int end = buffer.GetBuffer().AsSpan(0, (int)buffer.Length).IndexOf("\r\n\r\n"u8);
            if (end < 0) continue;
            byte[] all = buffer.ToArray();
            return Parse(Encoding.Latin1.GetString(all, 0, end), all[(end + 4)..]);
        }
        return null;
    }

    /// <summary>The body after this head: by Content-Length, chunked, or none (an answer to an upgrade request is never read to the end of the connection).</summary>
    public async Task<byte[]> ReadBody(Stream stream, CancellationToken cancellationToken)
    {
        var reader = new BufferedBytes(Rest, stream);
        if (Header("Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)
        {
            var body = new MemoryStream();
            while (true)
            {
                string sizeLine = await reader.ReadLine(cancellationToken);
                int size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (size == 0) return body.ToArray();
                body.Write(await reader.ReadExactly(size, cancellationToken));
                await reader.ReadLine(cancellationToken);
            }
        }
        return long.TryParse(Header("Content-Length"), out long length) && length > 0 ? await reader.ReadExactly((int)length, cancellationToken) : [];
    }

    private sealed class BufferedBytes(byte[] start, Stream stream)
    {
        private byte[] pending = start;

        public async Task<byte[]> ReadExactly(int count, CancellationToken cancellationToken)
        {
            var result = new byte[count];
            int taken = Math.Min(count, pending.Length);
            pending.AsSpan(0, taken).CopyTo(result);
            pending = pending[taken..];
            if (taken < count) await stream.ReadExactlyAsync(result.AsMemory(taken), cancellationToken);
            return result;
        }

        public async Task<string> ReadLine(CancellationToken cancellationToken)
        {
            var line = new StringBuilder();
            while (true)
            {
                byte b = (await ReadExactly(1, cancellationToken))[0];
                if (b == '\n') return line.ToString().TrimEnd('\r');
                line.Append((char)b);
            }
        }
    }
}
