using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Swarm.Actors.Manager;
using Swarm.Engines;
using Swarm.Scheduling;

namespace Swarm.Api;

/// <summary>
/// Container calls that the owning engine answers, as classic's <c>proxyContainer</c>, <c>proxyHijack</c> and
/// <c>getContainerJSON</c>: inspect, logs, top, stats, changes, export, archive (docker cp), resize, attach, exec
/// create, rename, update, wait and commit (<c>POST /commit?container=</c>), by virtual ID, physical ID, name, <c>node/name</c> or prefix. Wait is proxied
/// as classic's <c>postContainersWait</c>: the engine honours <c>condition</c> (docker run waits for next-exit, or
/// removed with --rm, before it starts the container) and the headers go out at once (docker attach and docker run
/// block until they have them).
/// </summary>
public static class ContainerProxyRoutes
{
    // The actions proxied to the owning engine, with the methods each answers.
    private static readonly Dictionary<string, string[]> Actions = new(StringComparer.Ordinal)
    {
        ["json"] = ["GET"],
        ["logs"] = ["GET"],
        ["top"] = ["GET"],
        ["stats"] = ["GET"],
        ["changes"] = ["GET"],
        ["export"] = ["GET"],
        ["archive"] = ["GET", "HEAD", "PUT"],
        ["resize"] = ["POST"],
        ["attach"] = ["POST"],
        ["exec"] = ["POST"],
        ["rename"] = ["POST"],
        ["update"] = ["POST"],
        ["wait"] = ["POST"],
    };

    /// <summary>Maps the proxied container and exec routes; <paramref name="tls"/> is the manager's client certificate towards engines.</summary>
    public static void MapContainerProxyRoutes(this WebApplication app, SwarmManager manager, EngineTlsOptions? tls)
    {
        var proxy = new EngineProxy(tls);
        app.Lifetime.ApplicationStopped.Register(proxy.Dispose);
        var owners = new ContainerOwners(manager);
        var hijack = new EngineHijack(proxy.Tls);
        var execs = new ExecRoutes(owners, proxy, hijack, new ExecRegistry());
        var routes = new Calls(owners, proxy, hijack, execs);

        foreach (var (action, methods) in Actions)
        {
            app.MapMethods($"/containers/{{id}}/{action}", methods, (string id, HttpContext context) => routes.Handle(context, id, action));
        }
        // node/name has a slash in it: /containers/node-1/web/logs.
        app.MapMethods("/containers/{**target}", ["GET", "HEAD", "PUT", "POST"], (string target, HttpContext context) =>
        {
            int slash = target.LastIndexOf('/');
            string action = slash > 0 ? target[(slash + 1)..] : "";
            if (Actions.TryGetValue(action, out var methods) && methods.Contains(context.Request.Method)) return routes.Handle(context, target[..slash], action);
            if (slash > 0 && context.Request.Method == "POST" && ContainerRoutes.IsLifeCycle(action))
            {
                return ExecuteAsync(ContainerRoutes.LifeCycle(manager, target[..slash], action, context.Request), context);
            }
            return ApiConventions.Error(404, $"page not found: {context.Request.Method} {context.Request.Path}").ExecuteAsync(context);
        });
        execs.Map(app);
        app.MapPost("/commit", routes.Commit);
    }

    private static async Task ExecuteAsync(Task<IResult> result, HttpContext context) => await (await result).ExecuteAsync(context);

    private sealed class Calls(ContainerOwners owners, EngineProxy proxy, EngineHijack hijack, ExecRoutes execs)
    {
        private static readonly TimeSpan RenameSeen = TimeSpan.FromSeconds(3);

        public async Task Handle(HttpContext context, string idOrName, string action)
        {
            var (owner, error) = await owners.Resolve(idOrName);
            if (owner is null)
            {
                await error!.ExecuteAsync(context);
                return;
            }
            string target = EngineRequestTarget.For(EngineRequestTarget.RawTargetOf(context), "containers", owner.PhysicalId, action);
            switch (action)
            {
                case "json":
                    await Inspect(context, owner, target);
                    break;
                case "attach" when EngineHijack.IsUpgrade(context):
                    await hijack.Splice(context, owner.Engine, target, []);
                    break;
                case "exec":
                    await execs.Create(context, owner, target);
                    break;
                case "rename":
                    await Rename(context, owner, target);
                    break;
                case "stats":
                    await proxy.ForwardAsync(context, owner.Engine, target, line => StatsLine(line, owner.VirtualId));
                    break;
                default:
                    await proxy.ForwardAsync(context, owner.Engine, target);
                    break;
            }
        }

        /// <summary>
        /// Classic's <c>postCommit</c>: the image is made on the container's engine (and only there), the container
        /// named in the query by its physical ID; after a 201 that engine's images are loaded again.
        /// </summary>
        public async Task Commit(HttpContext context)
        {
            string idOrName = context.Request.Query["container"].ToString();
            var (owner, error) = await owners.Resolve(idOrName);
            if (owner is null)
            {
                await error!.ExecuteAsync(context);
                return;
            }
            string target = EngineRequestTarget.WithQueryValue(EngineRequestTarget.RawTargetOf(context), "/commit", "container", owner.PhysicalId);
            await proxy.ForwardAsync(context, owner.Engine, target);
            if (context.Response.StatusCode == StatusCodes.Status201Created) owners.Refresh(owner.Engine);
        }

        private async Task Inspect(HttpContext context, ContainerOwner owner, string target)
        {
            if (await proxy.ExchangeAsync(context, owner.Engine, HttpMethod.Get, target, null) is not var (response, body)) return;
            using (response)
            {
                if (!response.IsSuccessStatusCode || JsonNode.Parse(body) is not JsonObject inspect)
                {
                    await EngineProxy.Relay(context, response, body);
                    return;
                }
                await ApiConventions.Ok(ContainerInspection.Inspect(inspect, owner.VirtualId, owner.Engine)).ExecuteAsync(context);
            }
        }

        /// <summary>Classic's <c>postRenameContainer</c>: a name is unique in the whole cluster, not only on the container's engine.</summary>
        private async Task Rename(HttpContext context, ContainerOwner owner, string target)
        {
            string name = context.Request.Query["name"].ToString().TrimStart('/');
            var entries = ContainerListing.LookupEntries(await owners.Engines());
            if (name.Length > 0 && entries.Any(e => e.Name == name && e.EngineContainerId != owner.PhysicalId))
            {
                await ApiConventions.Error(409, SchedulingErrors.NameConflict(name)).ExecuteAsync(context);
                return;
            }
            // The scheduler's record follows when the engine reports the container under its new name.
            if (await proxy.ExchangeAsync(context, owner.Engine, HttpMethod.Post, target, null) is not var (response, body)) return;
            using (response)
            {
                if (response.IsSuccessStatusCode) await UntilNamed(owner, name, context.RequestAborted);
                await EngineProxy.Relay(context, response, body);
            }
        }

        // So that a command right after docker rename finds the container under its new name: the engine's rename event is on its way.
        private async Task UntilNamed(ContainerOwner owner, string name, CancellationToken cancellationToken)
        {
            var deadline = DateTime.UtcNow + RenameSeen;
            while (DateTime.UtcNow < deadline)
            {
                var engines = await owners.Engines();
                if (engines.Any(e => e.Id == owner.Engine.Id && e.Containers.Any(c => c.Id == owner.PhysicalId && c.Name == name))) return;
                await Task.Delay(50, cancellationToken);
            }
        }

        private static string StatsLine(string line, string virtualId)
        {
            try
            {
                return ContainerInspection.StatsLine(line, virtualId);
            }
            catch (JsonException)
            {
                return line;
            }
        }
    }
}
