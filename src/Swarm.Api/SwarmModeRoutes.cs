using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Swarm.Api;

/// <summary>
/// Swarm mode (SwarmKit: <c>docker swarm</c>, <c>service</c>, <c>stack</c>, <c>secret</c>, <c>config</c>) and managed
/// plugins are not part of classic Swarm: classic left these routes unmapped (404 <c>page not found</c>), which the
/// docker CLI shows as a bare "page not found". Here every method on them, with or without <c>/vX.Y</c>, answers
/// as a dockerd whose swarm mode is off does — 503 with its "This node is not a swarm manager" message — saying why,
/// so that a user of today's CLI learns what to do instead. <c>/nodes</c> is not answered here.
/// </summary>
public static class SwarmModeRoutes
{
    /// <summary>The paths (each also with anything below it) answered with <see cref="NotSupported"/>.</summary>
    public static readonly IReadOnlyList<string> Paths = ["/swarm", "/services", "/tasks", "/secrets", "/configs"];

    /// <summary>dockerd's first words when swarm mode is off, then why it stays off here and what to do instead.</summary>
    public const string NotSupported =
        "This node is not a swarm manager: it is a classic (standalone) Swarm manager, and swarm mode (docker swarm init/join, " +
        "service, stack, secret, config) is not supported here. Run containers with docker run, placed with -e constraint:... and -e affinity:...";

    public const string PluginsNotSupported =
        "Plugins are not supported by this classic (standalone) Swarm manager: install and manage plugins on each engine directly (docker -H <engine> plugin ...).";

    public static void MapSwarmModeRoutes(this WebApplication app)
    {
        foreach (string path in Paths)
        {
            app.Map(path, () => ApiConventions.Error(StatusCodes.Status503ServiceUnavailable, NotSupported));
            app.Map(path + "/{**rest}", () => ApiConventions.Error(StatusCodes.Status503ServiceUnavailable, NotSupported));
        }
        app.Map("/plugins", () => ApiConventions.Error(StatusCodes.Status503ServiceUnavailable, PluginsNotSupported));
        app.Map("/plugins/{**rest}", () => ApiConventions.Error(StatusCodes.Status503ServiceUnavailable, PluginsNotSupported));
    }
}
