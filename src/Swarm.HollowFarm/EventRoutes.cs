using System.Threading.Channels;
using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>
/// <c>GET /events</c>: the engine's events as a stream of JSON lines, each flushed as it happens. With <c>since</c>,
/// the events the engine still remembers from then on come first. <c>until</c> and <c>filters</c> are ignored.
/// </summary>
public static class EventRoutes
{
    public static void MapEventRoutes(this WebApplication app)
    {
        app.MapGet("/events", async (FarmEngine at, HttpContext context, CancellationToken cancellationToken) =>
        {
            string? since = context.Request.Query["since"].FirstOrDefault();
            context.Response.ContentType = "application/json";
            // The headers go out at once, so the client knows the stream is open before any event happens.
            await context.Response.Body.FlushAsync(cancellationToken);

            // The engine reports events synchronously, under its lock; they are written out from here.
            var pending = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true });
            var following = Follow(at, since, pending.Writer, cancellationToken);
            try
            {
                await foreach (var message in pending.Reader.ReadAllAsync(cancellationToken))
                {
                    await DockerJson.WriteLineAsync(context.Response, message, cancellationToken);
                    await context.Response.Body.FlushAsync(cancellationToken);
                }
            }
            catch (IOException)
            {
                // The engine refuses now (fault injection): cut the stream, as a dead daemon's connection drops.
                context.Abort();
            }
            await following;
        });
    }

    private static async Task Follow(FarmEngine at, string? since, ChannelWriter<Message> pending, CancellationToken cancellationToken)
    {
        try
        {
            await at.Engine.MonitorEventsAsync(since, new Forward(pending), cancellationToken);
            pending.TryComplete();
        }
        catch (Exception ended)
        {
            pending.TryComplete(ended);
        }
    }

    private sealed class Forward(ChannelWriter<Message> pending) : IProgress<Message>
    {
        public void Report(Message value) => pending.TryWrite(value);
    }
}
