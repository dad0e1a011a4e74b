using Swarm.Api;

namespace Swarm.Actors.Tests.Api;

public class RequestBodyTeeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_copy_reads_the_whole_body_though_it_is_larger_than_the_pipes_hold()
    {
        byte[] body = new byte[5 * 1024 * 1024 + 17];
        new Random(7).NextBytes(body);
        var tee = new RequestBodyTee(3);
        var readers = Enumerable.Range(0, 3).Select(i => ReadAll(tee.Copy(i))).ToList();

        await tee.CopyFrom(new MemoryStream(body), CancellationToken.None).WaitAsync(Patience);
        foreach (var copy in await Task.WhenAll(readers).WaitAsync(Patience)) Assert.Equal(body, copy);
    }

    [Fact]
    public async Task A_copy_whose_reader_stops_is_dropped_and_the_others_go_on()
    {
        byte[] body = new byte[4 * 1024 * 1024];
        new Random(8).NextBytes(body);
        var tee = new RequestBodyTee(2);
        var stopped = tee.Copy(0);
        byte[] some = new byte[1000];
        var reader = ReadAll(tee.Copy(1));
        var copying = tee.CopyFrom(new MemoryStream(body), CancellationToken.None);
        await stopped.ReadAtLeastAsync(some, some.Length);
        await stopped.DisposeAsync();

        await copying.WaitAsync(Patience);
        Assert.Equal(body, await reader.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_body_that_breaks_off_fails_every_copy_instead_of_ending_it()
    {
        var tee = new RequestBodyTee(2);
        var readers = Enumerable.Range(0, 2).Select(i => ReadAll(tee.Copy(i))).ToList();
        var broken = new BrokenStream(100_000);

        await Assert.ThrowsAsync<IOException>(() => tee.CopyFrom(broken, CancellationToken.None).WaitAsync(Patience));
        foreach (var reader in readers) await Assert.ThrowsAsync<IOException>(() => reader.WaitAsync(Patience));
    }

    private static async Task<byte[]> ReadAll(Stream stream)
    {
        await Task.Yield();
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    // Gives some bytes, then fails as a client connection that dropped.
    private sealed class BrokenStream(int length) : Stream
    {
        private int given;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => given; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (given >= length) throw new IOException("connection reset");
            int n = Math.Min(count, length - given);
            given += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
