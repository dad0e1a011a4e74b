using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Strategies;

namespace Swarm.Api;

/// <summary><c>/_ping</c>, <c>/version</c> and <c>/info</c>.</summary>
public static class SystemRoutes
{
    public static void MapSystemRoutes(this WebApplication app, SwarmManager manager, string strategyName, IReadOnlyList<string> filters)
    {
        app.MapMethods("/_ping", ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
            // As a dockerd that never ran docker swarm init: the CLI hides its swarm-mode commands (see SwarmModeRoutes).
            context.Response.Headers["Swarm"] = "inactive";
            return Results.Text("OK", "text/plain");
        });

        app.MapGet("/version", () => ApiConventions.Ok(new Dictionary<string, object>
        {
            ["Platform"] = new Dictionary<string, string> { ["Name"] = "Swarm.Actors" },
            ["Version"] = ApiConventions.ServerVersion,
            ["ApiVersion"] = ApiConventions.ApiVersion,
            ["MinAPIVersion"] = ApiConventions.MinApiVersion,
            ["GitCommit"] = "",
            ["GoVersion"] = ".NET " + Environment.Version,
            ["Os"] = "linux",
            ["Arch"] = "amd64",
            ["KernelVersion"] = Environment.OSVersion.Version.ToString(),
            ["BuildTime"] = "",
            ["Experimental"] = false,
        }));

        // Not Docker's: the scheduler's state digest, equal on any manager that recovered the same journal.
        app.MapGet("/_swarm/state", async () =>
        {
            var state = await manager.Scheduler.Ask<SchedulerCommands.StateDigest>(SchedulerCommands.GetDigest.Instance, TimeSpan.FromSeconds(30));
            return ApiConventions.Ok(new Dictionary<string, object> { ["Digest"] = state.Digest, ["Containers"] = state.Containers, ["LastSequenceNr"] = state.LastSequenceNr });
        });

        // Not Docker's: which manager watches each engine (engine actors are sharded over the managers).
        app.MapGet("/_swarm/engines", async () =>
        {
            var engines = await manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(10));
            var homes = await manager.Engines.Ask<EngineDirectory.EngineHomes>(EngineDirectory.GetEngineHomes.Instance, TimeSpan.FromSeconds(10));
            return ApiConventions.Ok(engines.All.OrderBy(e => e.Address, StringComparer.Ordinal).Select(e => new Dictionary<string, object>
            {
                ["Address"] = e.Address,
                ["Name"] = e.Name,
                ["Status"] = e.Health.Status.ToString(),
                ["Managers"] = homes.Managers.GetValueOrDefault(e.Address) ?? [],
            }).ToList());
        });

        app.MapGet("/info", async () =>
        {
            var availabilities = NodeAvailabilities(manager);
            var engines = await manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, TimeSpan.FromSeconds(10));
            return ApiConventions.Ok(InfoReport.Build(engines.All, manager, strategyName, filters, await availabilities));
        });
    }

    // docker info still answers while no scheduler does (a failover): the availability then shows as unknown.
    private static async Task<IReadOnlyDictionary<string, NodeAvailability>?> NodeAvailabilities(SwarmManager manager)
    {
        try
        {
            return (await manager.Scheduler.Ask<SchedulerCommands.NodeAvailabilities>(SchedulerCommands.GetNodeAvailabilities.Instance, TimeSpan.FromSeconds(5))).ByNodeId;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
