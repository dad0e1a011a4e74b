using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>Local volumes: list, inspect, create and remove, with dockerd's answers. <c>filters</c> on the list are ignored.</summary>
public static class VolumeRoutes
{
    public static void MapVolumeRoutes(this WebApplication app)
    {
        // dockerd writes no warnings as null.
        app.MapGet("/volumes", async (FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(new VolumesListResponse { Volumes = await at.Engine.ListVolumesAsync(cancellationToken), Warnings = null }));

        app.MapGet("/volumes/{name}", async (string name, FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.InspectVolumeAsync(name, cancellationToken)));

        app.MapPost("/volumes/create", async (FarmEngine at, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var parameters = await DockerJson.ReadBodyAsync<VolumesCreateParameters>(request, cancellationToken) ?? new VolumesCreateParameters();
            return DockerJson.Result(await at.Engine.CreateVolumeAsync(parameters.Name, parameters.Labels, cancellationToken), StatusCodes.Status201Created);
        });

        app.MapDelete("/volumes/{name}", async (string name, FarmEngine at, CancellationToken cancellationToken) =>
        {
            await at.Engine.RemoveVolumeAsync(name, cancellationToken);
            return Results.NoContent();
        });
    }
}
