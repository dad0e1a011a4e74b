using Akka.Event;
using Akka.Actor;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Containers;
using Swarm.Actors.Engines;
using Swarm.Actors.Manager;
using Swarm.Actors.Scheduler;
using Swarm.Scheduling;
using ContainerRequest = Swarm.Scheduling.Model.ContainerRequest;

namespace Swarm.Api;

/// <summary>Container routes: list, create (scheduled), and the life-cycle calls, all by virtual ID, name or prefix.</summary>
public static class ContainerRoutes
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan OperationAttempt = TimeSpan.FromSeconds(3);

    private static readonly Dictionary<string, ContainerOperation> Operations = new()
    {
        ["start"] = ContainerOperation.Start,
        ["stop"] = ContainerOperation.Stop,
        ["kill"] = ContainerOperation.Kill,
        ["restart"] = ContainerOperation.Restart,
        ["pause"] = ContainerOperation.Pause,
        ["unpause"] = ContainerOperation.Unpause,
    };

    public static void MapContainerRoutes(this WebApplication app, SwarmManager manager)
    {
        app.MapGet("/containers/json", async (HttpRequest request) =>
        {
            var newestFirst = ContainerListing.NewestFirst(await Engines(manager));
            // Older clients send before/since as parameters of their own (docker ps --before); newer ones as filters.
            string filterJson = LegacyFilters(request);
            var filters = ContainerFilters.TryParse(filterJson, newestFirst, out int status, out string? error);
            if (filters is null) return ApiConventions.Error(status, error!);
            int limit = int.TryParse(request.Query["limit"], out int n) ? n : -1;
            bool all = Flag(request, "all") || filters.ImpliesAll || limit > 0;
            var listed = ContainerListing.Listed(newestFirst, all, filters);
            return new ContainerListResult(limit > 0 ? listed.Take(limit) : listed, newestFirst);
        });

        app.MapPost("/containers/create", async (HttpRequest request) =>
        {
            string body = await new StreamReader(request.Body).ReadToEndAsync();
            CreateContainerParameters? parameters;
            try
            {
                parameters = Newtonsoft.Json.JsonConvert.DeserializeObject<CreateContainerParameters>(body);
            }
            catch (Newtonsoft.Json.JsonException e)
            {
                return ApiConventions.Error(400, "invalid JSON: " + e.Message);
            }
            if (parameters is null || string.IsNullOrEmpty(parameters.Image)) return ApiConventions.Error(400, "No command specified");
            string name = request.Query["name"].ToString();
            parameters.Name = name;
            NodeScopedNetwork.Apply(parameters);
            string swarmId = SwarmIds.New(Random.Shared, _ => false);
            var answer = await AskUntilAnswered(manager, new ContainerCommands.Create(swarmId, PlacementView(parameters, name), parameters), AttemptTimeout);
            return answer switch
            {
                ContainerCommands.Created created => ApiConventions.Ok(new Dictionary<string, object> { ["Id"] = created.SwarmId, ["Warnings"] = Array.Empty<string>() }, 201),
                ContainerCommands.Failed failed => ApiConventions.Error(failed.StatusCode, failed.Message),
                _ => ApiConventions.Error(500, "unexpected answer from the cluster"),
            };
        });

        app.MapPost("/containers/{id}/{operation}", (string id, string operation, HttpRequest request) => LifeCycle(manager, id, operation, request));

        // node/name has a slash in it: DELETE /containers/node-1/web.
        app.MapDelete("/containers/{**id}", async (string id, HttpRequest request) =>
            await Operate(manager, id, swarmId => new ContainerCommands.Operate(swarmId, ContainerOperation.Remove, Force: Flag(request, "force"), RemoveVolumes: Flag(request, "v"))));
    }

    /// <summary>Whether <c>POST /containers/{id}/{operation}</c> is a life-cycle call (start, stop, kill…) rather than one proxied to the engine.</summary>
    public static bool IsLifeCycle(string operation) => Operations.ContainsKey(operation);

    /// <summary>A life-cycle call on the container a user's ID, name or <c>node/name</c> stands for.</summary>
    public static async Task<IResult> LifeCycle(SwarmManager manager, string idOrName, string operation, HttpRequest request)
    {
        if (!Operations.TryGetValue(operation, out var kind)) return ApiConventions.Error(404, $"page not found: /containers/{idOrName}/{operation}");
        uint? wait = uint.TryParse(request.Query["t"], out uint seconds) ? seconds : null;
        return await Operate(manager, idOrName, swarmId => new ContainerCommands.Operate(swarmId, kind, wait, request.Query["signal"].ToString()));
    }

    /// <summary>
    /// Asks a container actor again when no answer comes in <paramref name="attempt"/>: a message can be lost while
    /// the manager hosting the container's shard dies. Both kinds are safe to repeat: a create carries its swarm ID
    /// (a repeat answers the same container), a life-cycle call its request ID (a repeat of a call already carried
    /// out gets that call's answer, not a second stop or removal; one still running is joined by the repeat, which
    /// waits behind it).
    /// </summary>
    private static async Task<object> AskUntilAnswered(SwarmManager manager, ContainerCommands.IContainerMessage message, TimeSpan attempt)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                return await manager.Containers.Ask<object>(message, attempt);
            }
            catch (Akka.Actor.AskTimeoutException) when (DateTime.UtcNow < deadline)
            {
                // Try again: the shard has a new home by now, or will have soon.
            }
            catch (Akka.Actor.AskTimeoutException)
            {
                manager.System.Log.Warning("{0} of {1} got no answer from the cluster in {2}", message.GetType().Name, message.SwarmId, Timeout);
                throw;
            }
        }
    }

    /// <summary>The swarm ID a user's ID, name or prefix stands for, or the error to answer.</summary>
    private static async Task<(string? Id, IResult? Error)> ResolveSwarmId(SwarmManager manager, string idOrName)
    {
        // A full virtual ID the scheduler holds (what the CLI sends after a create) needs no look at the engines.
        if (SwarmIds.IsValid(idOrName) && await manager.AskScheduler<object>(new SchedulerCommands.GetContainer(idOrName), Timeout) is ContainerRecord) return (idOrName, null);
        var found = ContainerLookup.Resolve(idOrName, ContainerListing.LookupEntries(await Engines(manager)));
        string? swarmId = found.Found?.SwarmId;
        // Just created: its engine may not have reported it yet, but its full virtual ID is already valid.
        if (!found.IsFound && SwarmIds.IsValid(idOrName)) swarmId = idOrName;
        if (swarmId is null) return (null, ApiConventions.Error(found.StatusCode, found.Message));
        if (swarmId.Length == 0) return (null, ApiConventions.Error(400, $"container {idOrName} was not created through swarm; use its engine directly"));
        return (swarmId, null);
    }

    private static async Task<IResult> Operate(SwarmManager manager, string idOrName, Func<string, ContainerCommands.Operate> command)
    {
        if (await GlobalContainerCalls.Find(manager, idOrName) is { } global) return await GlobalContainerCalls.Operate(manager, global, command);
        var (swarmId, error) = await ResolveSwarmId(manager, idOrName);
        if (error is not null) return error;
        var answer = await AskUntilAnswered(manager, command(swarmId!) with { RequestId = Guid.NewGuid().ToString("N") }, OperationAttempt);
        return answer switch
        {
            ContainerCommands.Done => Results.NoContent(),
            ContainerCommands.Failed { StatusCode: 304 } => Results.StatusCode(304),
            ContainerCommands.Failed failed => ApiConventions.Error(failed.StatusCode, failed.Message),
            _ => ApiConventions.Error(500, "unexpected answer from the cluster"),
        };
    }

    /// <summary>What placement reads of a create body. <c>CpuShares</c> is a number of CPUs here, as in classic Swarm.</summary>
    public static ContainerRequest PlacementView(CreateContainerParameters parameters, string name)
    {
        var host = parameters.HostConfig ?? new HostConfig();
        return new ContainerRequest
        {
            Name = name,
            Image = parameters.Image ?? "",
            Env = [.. parameters.Env ?? []],
            Labels = new Dictionary<string, string>(parameters.Labels ?? new Dictionary<string, string>()),
            ExposedPorts = [.. parameters.ExposedPorts?.Keys ?? []],
            PortBindings = [.. (host.PortBindings ?? new Dictionary<string, IList<PortBinding>>())
                .SelectMany(entry => (entry.Value ?? []).Select(b => new Swarm.Scheduling.Model.PortBinding(entry.Key, b.HostIP ?? "", b.HostPort ?? "")))],
            NetworkMode = host.NetworkMode ?? "",
            Links = [.. host.Links ?? []],
            VolumesFrom = [.. host.VolumesFrom ?? []],
            Cpus = host.CPUShares,
            Memory = host.Memory,
        };
    }

    private static async Task<IReadOnlyList<Swarm.Engines.View.EngineSnapshot>> Engines(SwarmManager manager) =>
        (await manager.Engines.Ask<EngineDirectory.Engines>(EngineDirectory.GetEngines.Instance, Timeout)).All;

    // filters, with the before/since parameters of API versions before 1.25 folded in.
    private static string LegacyFilters(HttpRequest request)
    {
        string filters = request.Query["filters"].ToString();
        var legacy = new[] { "before", "since" }.Where(k => request.Query[k].ToString().Length > 0).ToList();
        if (legacy.Count == 0) return filters;
        System.Text.Json.Nodes.JsonObject parsed;
        try
        {
            parsed = System.Text.Json.Nodes.JsonNode.Parse(filters.Length > 0 ? filters : "{}") as System.Text.Json.Nodes.JsonObject ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return filters; // Refused with Docker's message when parsed as filters.
        }
        foreach (string key in legacy) parsed[key] = new System.Text.Json.Nodes.JsonObject { [request.Query[key].ToString()] = true };
        return parsed.ToJsonString();
    }

    private static bool Flag(HttpRequest request, string name) =>
        request.Query[name].ToString() is "1" or "true" or "True";
}
