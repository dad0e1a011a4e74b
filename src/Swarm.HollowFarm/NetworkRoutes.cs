using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>Networks: list, inspect, create and remove, with dockerd's answers. <c>filters</c> on the list are ignored.</summary>
public static class NetworkRoutes
{
    public static void MapNetworkRoutes(this WebApplication app)
    {
        app.MapGet("/networks", async (FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.ListNetworksAsync(cancellationToken)));

        app.MapGet("/networks/{id}", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.InspectNetworkAsync(id, cancellationToken)));

        app.MapPost("/networks/create", async (FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var parameters = await DockerJson.ReadBodyAsync<NetworksCreateParameters>(request, cancellationToken);
            if (parameters is null) return DockerJson.Error(StatusCodes.Status400BadRequest, "invalid JSON: the body is not a network configuration");
            return DockerJson.Result(await at.Engine.CreateNetworkAsync(parameters, cancellationToken), StatusCodes.Status201Created);
        });

        app.MapDelete("/networks/{id}", async (string id, FarmEngine at, CancellationToken cancellationToken) =>
        {
            await at.Engine.RemoveNetworkAsync(id, cancellationToken);
            return Results.NoContent();
        });
    }
}
