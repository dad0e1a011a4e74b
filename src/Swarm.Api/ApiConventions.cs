using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Swarm.Api;

/// <summary>
/// What every answer of the API shares: routes with or without a <c>/vX.Y</c> prefix, the headers the docker CLI
/// reads (<c>API-Version</c>, <c>OSType</c>, <c>Docker-Experimental</c>), and errors as <c>{"message": "..."}</c>.
/// </summary>
public static partial class ApiConventions
{
    public const string ApiVersion = "1.41";
    public const string MinApiVersion = "1.24";
    public const string ServerVersion = "swarm/2.0.0";

    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = null };

    public static void UseDockerConventions(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var match = VersionPrefix().Match(context.Request.Path.Value ?? "");
            if (match.Success) context.Request.Path = context.Request.Path.Value![match.Length..];
            var headers = context.Response.Headers;
            headers["API-Version"] = ApiVersion;
            headers["OSType"] = "linux";
            headers["Docker-Experimental"] = "false";
            headers["Server"] = $"{ServerVersion} (linux)";
            try
            {
                await next();
            }
            catch (Akka.Actor.AskTimeoutException) when (!context.Response.HasStarted)
            {
                // Docker clients show the message of a JSON error body; an empty 500 only confuses them.
                await WriteError(context, 500, "the cluster did not answer in time; try again");
            }
            catch (BadHttpRequestException bad) when (!context.Response.HasStarted)
            {
                // A body too large, cut short or malformed: the client's fault, said as Docker says it.
                await WriteError(context, bad.StatusCode, bad.Message);
            }
            catch (Exception unexpected) when (!context.Response.HasStarted && unexpected is not OperationCanceledException)
            {
                app.Logger.LogError(unexpected, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                await WriteError(context, 500, unexpected.Message);
            }
        });
        // Routing runs after the prefix is gone, so one route serves /info and /v1.41/info alike.
        app.UseRouting();
    }

    private static async Task WriteError(HttpContext context, int statusCode, string message)
    {
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["message"] = message }, Json, "application/json");
    }

    // Exactly application/json: the docker CLI shows the message only then, and the raw body with a charset.
    public static IResult Error(int statusCode, string message) =>
        Results.Json(new Dictionary<string, string> { ["message"] = message }, Json, "application/json", statusCode);

    public static IResult Ok(object body, int statusCode = 200) => Results.Json(body, Json, statusCode: statusCode);

    [GeneratedRegex(@"^/v\d+\.\d+(?=/)")]
    private static partial Regex VersionPrefix();
}
