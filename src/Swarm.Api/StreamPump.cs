namespace Swarm.Api;

/// <summary>Copies a stream to another, flushing after every read, so a log line or a keystroke goes through at once.</summary>
public static class StreamPump
{
    public static async Task Copy(Stream from, Stream to, int bufferSize, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[bufferSize];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await to.FlushAsync(cancellationToken);
        }
    }
}
