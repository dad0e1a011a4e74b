using System.Text;
using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

/// <summary>Engine answers read off a raw connection on the hijack path.</summary>
public sealed class ResponseHeadTests
{
    [Fact]
    public async Task An_upgraded_answer_keeps_the_stream_bytes_that_came_with_its_head()
    {
        var engine = new MemoryStream(Encoding.Latin1.GetBytes("HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n\u0001\0\0\0\0\0\0\u0003hi\n"));
        var head = (await ResponseHead.Read(engine, 64 * 1024, CancellationToken.None))!;

        Assert.Equal(101, head.StatusCode);
        Assert.True(head.IsRawStream);
        Assert.Equal("application/vnd.docker.raw-stream", head.Header("content-type"));
        Assert.Equal("hi\n", Encoding.ASCII.GetString(head.Rest[8..]));
    }

    [Fact]
    public async Task An_engine_answering_200_with_a_docker_stream_is_a_raw_stream_too()
    {
        var head = (await ResponseHead.Read(Stream("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n"), 1024, CancellationToken.None))!;
        Assert.True(head.IsRawStream);
    }

    [Fact]
    public async Task A_refusal_is_read_with_its_body_by_content_length()
    {
        var engine = Stream("HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: 31\r\n\r\n{\"message\":\"is not running\"}\n\n\nnext bytes");
        var head = (await ResponseHead.Read(engine, 1024, CancellationToken.None))!;

        Assert.False(head.IsRawStream);
        Assert.Equal(409, head.StatusCode);
        Assert.Equal("{\"message\":\"is not running\"}\n\n\n", Encoding.ASCII.GetString(await head.ReadBody(engine, CancellationToken.None)));
    }

    [Fact]
    public async Task A_chunked_refusal_is_read_to_its_last_chunk()
    {
        var engine = Stream("HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"mes\r\n15;ext=1\r\nsage\":\"No such exec\"}\r\n0\r\n\r\n");
        var head = (await ResponseHead.Read(engine, 1024, CancellationToken.None))!;
        Assert.Equal("{\"message\":\"No such exec\"}", Encoding.ASCII.GetString(await head.ReadBody(engine, CancellationToken.None)));
    }

    [Fact]
    public async Task A_connection_that_ends_before_the_head_or_is_no_http_gives_nothing()
    {
        Assert.Null(await ResponseHead.Read(Stream("HTTP/1.1 101 UPGRA"), 1024, CancellationToken.None));
        Assert.Null(await ResponseHead.Read(Stream("SSH-2.0-OpenSSH\r\n\r\n"), 1024, CancellationToken.None));
    }

    // Delivered a few bytes at a time, as a socket may.
    private static Stream Stream(string text) => new Trickle(Encoding.Latin1.GetBytes(text));

    private sealed class Trickle(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, 7)], cancellationToken);
    }
}
