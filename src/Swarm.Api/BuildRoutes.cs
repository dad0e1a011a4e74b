using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling;

namespace Swarm.Api;

/// <summary>
/// <c>POST /build</c> (the legacy builder; the docker CLI uses it with <c>DOCKER_BUILDKIT=0</c>), as classic: the node
/// is chosen like a container's (<see cref="BuildPlacement"/>; the scheduler's filters, strategy and reservations,
/// nothing recorded), then the build is proxied there, the context streamed in and the output streamed back. The image
/// exists only on that node.
/// </summary>
public static class BuildRoutes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static void MapBuildRoutes(this WebApplication app, ClusterEngines cluster, SwarmManager manager)
    {
        app.MapPost("/build", async (HttpContext context) =>
        {
            // A build context can be large: no limit on this body (Kestrel's default is 30 MB).
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;
            var read = BuildPlacement.TryRead(context.Request.Query, out string? error);
            if (read is null)
            {
                await ApiConventions.Error(400, error!).ExecuteAsync(context);
                return;
            }
            var answer = await manager.AskScheduler<object>(new SchedulerCommands.PreviewPlacement(read.Request), Timeout);
            if (answer is SchedulerCommands.Rejected rejected)
            {
                await ApiConventions.Error(rejected.Failure == PlacementFailure.InvalidRequest ? 400 : 500, rejected.Error).ExecuteAsync(context);
                return;
            }
            var chosen = (SchedulerCommands.PlacementPreview)answer;
            var engine = (await cluster.Owners.Engines()).FirstOrDefault(e => e.Id == chosen.NodeId);
            if (engine is null)
            {
                await ApiConventions.Error(500, $"node {chosen.NodeId} is gone").ExecuteAsync(context);
                return;
            }
            await cluster.Proxy.ForwardAsync(context, engine, EngineRequestTarget.Versioned(context, "/build" + read.EngineQuery));
        });
    }
}
