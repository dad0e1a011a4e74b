using Swarm.Engines.Hollow;

namespace Swarm.HollowFarm;

/// <summary>
/// Per-engine failures for tests, switched on the engine's own endpoint: <c>POST /_hollow/fault?mode=refuse|hang|none</c>.
/// <para>
/// Refuse closes the connection of every request without an answer. One web server serves all engines, so an
/// endpoint cannot stop listening on its own; a closed connection is the nearest to a stopped dockerd. Clients
/// see a transport failure (EOF, reset), which is what they report for a dead daemon and what
/// <see cref="Swarm.Engines.EngineErrors.IsConnectionError"/> counts. A 503 would be an answer from the engine, as
/// if the daemon were alive. Open event streams are cut too.
/// </para>
/// <para>Hang holds every request, unanswered, until the fault is cleared (or its client gives up): a SIGSTOPped dockerd.</para>
/// <para>The <c>/_hollow/</c> routes themselves never fail, so a fault can always be cleared.</para>
/// </summary>
public static class FaultInjection
{
    private const string ControlPrefix = "/_hollow";

    public static void UseFaultInjection(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ControlPrefix))
            {
                await next(context);
                return;
            }
            var fault = context.Features.Get<FarmEngine>()!.Fault;
            while (true)
            {
                switch (fault.Mode)
                {
                    case HollowFault.Refuse:
                        context.Abort();
                        return;
                    case HollowFault.Hang:
                        await fault.Released.WaitAsync(context.RequestAborted);
                        continue;
                    default:
                        await next(context);
                        return;
                }
            }
        });
    }

    public static void MapFaultRoutes(this WebApplication app)
    {
        app.MapPost(ControlPrefix + "/fault", (FarmEngine engine, HttpRequest request) =>
        {
            string mode = request.Query["mode"].ToString();
            HollowFault? fault = mode switch
            {
                "refuse" => HollowFault.Refuse,
                "hang" => HollowFault.Hang,
                "none" => HollowFault.None,
                _ => null,
            };
            if (fault is null) return DockerJson.Error(StatusCodes.Status400BadRequest, $"unknown fault mode \"{mode}\": expected refuse, hang or none");
            engine.Fault.Set(fault.Value);
            return Results.NoContent();
        });
    }
}
