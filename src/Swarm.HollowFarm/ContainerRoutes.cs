using Docker.DotNet;
using Docker.DotNet.Models;
using Swarm.Engines;

namespace Swarm.HollowFarm;

/// <summary>
/// Containers: create, inspect, list, the life-cycle calls, wait, remove and logs, by ID, name or ID prefix as
/// dockerd resolves them. The list reads <c>all</c>, <c>limit</c> and <c>filters</c> (<see cref="ContainerListFilters"/>), not <c>size</c>.
/// </summary>
public static class ContainerRoutes
{
    public static void MapContainerRoutes(this WebApplication app)
    {
        app.MapPost("/containers/create", async (FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            string body = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
            CreateContainerParameters? parameters;
            try
            {
                parameters = DockerJson.Deserialize<CreateContainerParameters>(body);
            }
            catch (Newtonsoft.Json.JsonException invalid)
            {
                return DockerJson.Error(StatusCodes.Status400BadRequest, invalid.Message);
            }
            if (parameters is null) return DockerJson.Error(StatusCodes.Status400BadRequest, "config cannot be empty in order to create a container");
            parameters.Name = request.Query["name"].ToString();
            return DockerJson.Result(await at.Engine.CreateContainerAsync(parameters, cancellationToken), StatusCodes.Status201Created);
        });

        app.MapGet("/containers/json", async (FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var filters = ContainerListFilters.TryParse(request.Query["filters"], out string? error);
            if (filters is null) return DockerJson.Error(StatusCodes.Status400BadRequest, error!);
            int limit = int.TryParse(request.Query["limit"], out int parsed) ? parsed : -1;
            // As dockerd: a limit or a status filter lists stopped containers too.
            bool all = request.Flag("all") || limit > 0 || filters.NamesStatus;
            var containers = await at.Engine.ListContainersAsync(cancellationToken);
            var listed = filters.Apply(containers).Where(c => all || c.State is "running" or "paused");
            return DockerJson.Result(limit > 0 ? listed.Take(limit) : listed);
        });

        app.MapPost("/containers/{id}/rename", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            await at.Engine.RenameContainerAsync(id, request.Query["name"].ToString(), cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/update", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            string body = await new StreamReader(request.Body).ReadToEndAsync(cancellationToken);
            string? policy = RestartPolicyName(body);
            if (policy is not (null or "" or "no" or "always" or "unless-stopped" or "on-failure"))
            {
                return DockerJson.Error(StatusCodes.Status400BadRequest, $"invalid restart policy '{policy}'");
            }
            var update = DockerJson.Deserialize<ContainerUpdateParameters>(body.Trim().Length == 0 ? "{}" : body) ?? new ContainerUpdateParameters();
            await at.Engine.UpdateContainerAsync(id, update, cancellationToken);
            return DockerJson.Result(new { Warnings = (string[]?)null });
        });

        app.MapGet("/containers/{id}/json", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Json(await at.Engine.ReadContainerAsync(id, DockerJson.Serialize, cancellationToken)));

        // dockerd answers 304 Not Modified to starting a running container and stopping a stopped one.
        app.MapPost("/containers/{id}/start", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
        {
            if (await at.Engine.ReadContainerAsync(id, c => c.State.Running, cancellationToken)) return Results.StatusCode(StatusCodes.Status304NotModified);
            await at.Engine.StartContainerAsync(id, cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/stop", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            if (!await at.Engine.ReadContainerAsync(id, c => c.State.Running, cancellationToken)) return Results.StatusCode(StatusCodes.Status304NotModified);
            await at.Engine.StopContainerAsync(id, GracePeriod(request), cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/restart", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            await at.Engine.RestartContainerAsync(id, GracePeriod(request), cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/kill", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            string signal = request.Query["signal"].ToString();
            await at.Engine.KillContainerAsync(id, signal.Length > 0 ? signal : "KILL", cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/pause", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
        {
            await at.Engine.PauseContainerAsync(id, cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/unpause", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
        {
            await at.Engine.UnpauseContainerAsync(id, cancellationToken);
            return Results.NoContent();
        });

        app.MapPost("/containers/{id}/wait", async (string id, FarmEngine at, HttpContext context, CancellationToken cancellationToken) =>
        {
            // As dockerd: an unknown container is an error answer; then the headers go out at once, so the client
            // knows its wait has begun, and the body when the container is not running.
            await at.Engine.ReadContainerAsync(id, _ => true, cancellationToken);
            context.Response.ContentType = "application/json";
            await context.Response.Body.FlushAsync(cancellationToken);
            ContainerWaitResponse answer;
            try
            {
                answer = new ContainerWaitResponse { StatusCode = await at.Engine.WaitContainerAsync(id, cancellationToken) };
            }
            catch (DockerApiException failed)
            {
                // Too late for an error status (removed while waited for, say): dockerd reports it in the body.
                answer = new ContainerWaitResponse { StatusCode = -1, Error = new ContainerWaitOKBodyError { Message = DockerErrorMessage.Of(failed) } };
            }
            await context.Response.WriteAsync(DockerJson.Serialize(answer), cancellationToken);
        });

        app.MapDelete("/containers/{id}", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            await at.Engine.RemoveContainerAsync(id, request.Flag("force"), request.Flag("v"), cancellationToken);
            return Results.NoContent();
        });

        app.MapGet("/containers/{id}/logs", async (string id, FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var container = await at.Engine.InspectContainerAsync(id, cancellationToken);
            bool stdout = request.Flag("stdout"), stderr = request.Flag("stderr");
            if (!stdout && !stderr) return DockerJson.Error(StatusCodes.Status400BadRequest, "Bad parameters: you must choose at least one stream");
            return Results.Bytes(ContainerLogs.Of(container, at.Engine.Name, stdout, stderr), ContainerLogs.ContentType);
        });
    }

    private static uint? GracePeriod(HttpRequest request) => uint.TryParse(request.Query["t"], out uint seconds) ? seconds : null;

    // Read before Docker.DotNet's model would turn an unknown policy into a parse error.
    private static string? RestartPolicyName(string body)
    {
        try
        {
            return Newtonsoft.Json.Linq.JObject.Parse(body.Trim().Length == 0 ? "{}" : body).SelectToken("RestartPolicy.Name")?.ToString();
        }
        catch (Newtonsoft.Json.JsonException invalid)
        {
            throw new DockerApiException(System.Net.HttpStatusCode.BadRequest, DockerJson.Serialize(new { message = invalid.Message }));
        }
    }
}
