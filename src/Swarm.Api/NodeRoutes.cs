using System.Text.Json.Nodes;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling.Model;

namespace Swarm.Api;

/// <summary>
/// The swarm-mode node routes over the cluster's engines (no swarm mode on the engines themselves):
/// <c>docker node ls</c>, <c>docker node inspect</c>, and <c>docker node update --availability active|pause|drain</c>,
/// which the scheduler journals (pause: no new placements; drain: its movable containers go elsewhere too).
/// Nodes come and go with discovery, so <c>docker node rm</c> is refused.
/// </summary>
public static class NodeRoutes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static void MapNodeRoutes(this WebApplication app, SwarmManager manager, ClusterEngines cluster)
    {
        async Task<IReadOnlyList<NodeEntry>> Nodes()
        {
            var engines = cluster.Owners.Engines();
            var availabilities = manager.AskScheduler<SchedulerCommands.NodeAvailabilities>(SchedulerCommands.GetNodeAvailabilities.Instance, Timeout);
            return NodeEntry.Of(await engines, (await availabilities).ByNodeId);
        }

        app.MapGet("/nodes", async (HttpContext context) =>
        {
            if (!NodeFilters.TryParse(context.Request.Query["filters"], out var filters, out string error)) return ApiConventions.Error(400, error);
            return ApiConventions.Ok(new JsonArray([.. (await Nodes()).Where(filters.Matches).Select(n => NodeObject.Build(n.Engine, n.Availability))]));
        });

        app.MapGet("/nodes/{id}", async (string id) =>
        {
            var found = NodeLookup.Find(await Nodes(), id);
            return found.IsFound ? ApiConventions.Ok(NodeObject.Build(found.Node!.Engine, found.Node.Availability)) : ApiConventions.Error(found.StatusCode, found.Message);
        });

        app.MapPost("/nodes/{id}/update", async (string id, HttpContext context) =>
        {
            string version = context.Request.Query["version"].ToString();
            if (!ulong.TryParse(version, out _)) return ApiConventions.Error(400, $"invalid node version '{version}': a number is expected");
            if (!NodeSpecUpdate.TryRead(await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted), out var availability, out string error)) return ApiConventions.Error(400, error);
            var found = NodeLookup.Find(await Nodes(), id);
            if (!found.IsFound) return ApiConventions.Error(found.StatusCode, found.Message);
            var node = found.Node!;
            if (node.Availability == availability) return Results.Ok();
            if (node.Engine.Id.Length == 0) return NotReported(id, node);
            object answer = await manager.AskScheduler<object>(new SchedulerCommands.SetNodeAvailability(node.Engine.Id, availability), Timeout);
            return answer switch
            {
                SchedulerCommands.NodeAvailabilitySet => Results.Ok(),
                SchedulerCommands.UnknownNode => NotReported(id, node),
                _ => ApiConventions.Error(500, $"unexpected answer from the scheduler: {answer.GetType().Name}"),
            };
        });

        app.MapDelete("/nodes/{id}", async (string id) =>
        {
            var found = NodeLookup.Find(await Nodes(), id);
            if (!found.IsFound) return ApiConventions.Error(found.StatusCode, found.Message);
            return ApiConventions.Error(400, $"node {id} is the engine at {found.Node!.Engine.Address}: nodes join and leave through discovery (the engine list of swarm manage), not docker node rm");
        });
    }

    private static IResult NotReported(string id, NodeEntry node) =>
        ApiConventions.Error(503, $"node {id} ({node.Engine.Address}) has not reported to the scheduler yet; try again");
}
