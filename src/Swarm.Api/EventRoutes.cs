using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Swarm.Engines.Health;
using Swarm.Engines.View;

namespace Swarm.Api;

/// <summary>
/// <c>GET /events</c>: every healthy engine's own event stream, merged. <c>since</c>, <c>until</c> and <c>filters</c>
/// go to the engines, which honour them as Docker does (classic ignored since and filters); the stream ends when
/// every engine's has (with <c>until</c>) or when the client leaves.
/// </summary>
public static class EventRoutes
{
    public static void MapEventRoutes(this WebApplication app, ClusterEngines cluster)
    {
        var (proxy, owners) = (cluster.Proxy, cluster.Owners);

        app.MapGet("/events", async (HttpContext context) =>
        {
            var engines = (await owners.Engines()).Where(e => e.Health.Status == EngineStatus.Healthy).ToList();
            var query = new QueryBuilder(context.Request.Query.Where(q => q.Key != "filters").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
            string filters = EventRewriting.EngineFilters(context.Request.Query["filters"].ToString(), ContainerListing.LookupEntries(engines));
            if (filters.Length > 0) query.Add("filters", filters);

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            var writing = new SemaphoreSlim(1, 1);
            try
            {
                await Task.WhenAll(engines.Select(engine => Follow(proxy, engine, "/events" + query.ToQueryString(), context, writing)));
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client left (docker events without --until ends with Ctrl-C).
            }
        });
    }

    // One engine's stream, line by line, rewritten and written whole so that lines of two engines never mix.
    private static async Task Follow(EngineProxy proxy, EngineSnapshot engine, string target, HttpContext context, SemaphoreSlim writing)
    {
        HttpResponseMessage response;
        try
        {
            response = await proxy.SendAsync(engine, HttpMethod.Get, target, null, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            return; // An engine that cannot be reached now has no events to give; the others still do.
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) return;
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(context.RequestAborted));
            while (await reader.ReadLineAsync(context.RequestAborted) is { } line)
            {
                if (line.Length == 0) continue;
                byte[] bytes = Encoding.UTF8.GetBytes(EventRewriting.Rewrite(line, engine) + "\n");
                await writing.WaitAsync(context.RequestAborted);
                try
                {
                    await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
                finally
                {
                    writing.Release();
                }
            }
        }
    }
}
