using System.Text.RegularExpressions;
using Docker.DotNet;
using Swarm.Engines;

namespace Swarm.HollowFarm;

/// <summary>
/// What every answer shares, as dockerd 20.10 does it: routes with or without <c>/vX.Y</c> (versions above 1.41
/// or below 1.12 refused in dockerd's words), the headers Docker clients read, and the engine's errors as
/// <c>{"message": "..."}</c> with their status codes.
/// </summary>
public static partial class DockerConventions
{
    public const string ApiVersion = "1.41";
    public const string MinApiVersion = "1.12";

    /// <summary>The version the hollow engine reports in <c>docker info</c>, so both say the same.</summary>
    public const string ServerVersion = Swarm.Engines.Hollow.HollowEngine.ServerVersion;

    public static void UseDockerConventions(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers["API-Version"] = ApiVersion;
            headers["OSType"] = "linux";
            headers["Docker-Experimental"] = "false";
            headers.Server = $"Docker/{ServerVersion} (linux)";

            var prefix = VersionPrefix().Match(context.Request.Path.Value ?? "");
            if (prefix.Success)
            {
                string? refusal = VersionRefusal(new Version(prefix.Groups[1].Value));
                if (refusal is not null)
                {
                    await DockerJson.Error(StatusCodes.Status400BadRequest, refusal).ExecuteAsync(context);
                    return;
                }
                context.Request.Path = context.Request.Path.Value![prefix.Length..];
            }

            try
            {
                await next(context);
            }
            catch (DockerApiException answer) when (!context.Response.HasStarted)
            {
                await DockerJson.Error((int)answer.StatusCode, DockerErrorMessage.Of(answer)).ExecuteAsync(context);
            }
        });
    }

    /// <summary>dockerd's reading of a boolean query parameter: absent, empty, 0, no, false and none are false.</summary>
    public static bool Flag(this HttpRequest request, string name) =>
        request.Query[name].ToString().Trim().ToLowerInvariant() is not ("" or "0" or "no" or "false" or "none");

    private static string? VersionRefusal(Version requested)
    {
        if (requested > Version.Parse(ApiVersion)) return $"client version {requested} is too new. Maximum supported API version is {ApiVersion}";
        if (requested < Version.Parse(MinApiVersion))
        {
            return $"client version {requested} is too old. Minimum supported API version is {MinApiVersion}, please upgrade your client to a newer version";
        }
        return null;
    }

    [GeneratedRegex(@"^/v(\d+\.\d+)(?=/)")]
    private static partial Regex VersionPrefix();
}
