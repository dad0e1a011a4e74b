using Docker.DotNet.Models;

namespace Swarm.HollowFarm;

/// <summary>Networks and volumes: a hollow engine has dockerd's three default networks and no volumes. <c>filters</c> are ignored.</summary>
public static class ResourceRoutes
{
    public static void MapResourceRoutes(this WebApplication app)
    {
        app.MapGet("/networks", async (FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(await at.Engine.ListNetworksAsync(cancellationToken)));

        app.MapGet("/volumes", async (FarmEngine at, CancellationToken cancellationToken) =>
            DockerJson.Result(new VolumesListResponse { Volumes = await at.Engine.ListVolumesAsync(cancellationToken), Warnings = [] }));
    }
}
