using Microsoft.AspNetCore.Http;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>POST /images/create?fromImage=…</c>: the pull runs on every healthy engine at once, as classic's
/// <c>cluster.Pull</c>; each engine's progress comes back as <c>Pulling image... : status</c> under its name,
/// <c>downloaded</c> when it is done, and the error line at the end if any engine failed.
/// </summary>
public static class ImagePull
{
    public const string AuthHeader = "X-Registry-Auth";

    public static Task Run(HttpContext context, EngineProxy proxy, IReadOnlyList<EngineSnapshot> engines)
    {
        var query = context.Request.Query;
        string image = ImageProgress.PulledImage(query["fromImage"].ToString(), query["tag"].ToString());
        string target = "/images/create" + context.Request.QueryString;
        string? auth = context.Request.Headers[AuthHeader].ToString() is { Length: > 0 } header ? header : null;
        string Pulling(string status) => $"Pulling {image}... : {status}";

        return ProgressFanOut.Run(context, engines, async (engine, report) =>
        {
            await report($"Pulling {image}...");
            using var request = new HttpRequestMessage(HttpMethod.Post, target);
            if (auth is not null) request.Headers.TryAddWithoutValidation(AuthHeader, auth);
            using var answer = await proxy.SendAsync(engine, request, context.RequestAborted);
            string? error = await ProgressFanOut.Relay(answer, report, Pulling, context.RequestAborted);
            if (error is null) await report(Pulling("downloaded"));
            return error;
        }, Pulling);
    }
}
