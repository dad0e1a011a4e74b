using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Api;

/// <summary>
/// What placement reads of a <c>POST /build</c>, as classic's <c>BuildImage</c>: scheduling hints passed as build
/// args (<c>--build-arg constraint:node==node-2</c> arrives as <c>{"constraint:node": "=node-2"}</c> in
/// <c>buildargs</c>), <c>memory</c>, and <c>cpushares</c> read as a number of CPUs; and the query to send the chosen
/// engine, the hints taken out of the build args so the build never sees them.
/// </summary>
public static class BuildPlacement
{
    public sealed record Read(ContainerRequest Request, string EngineQuery);

    public static Read? TryRead(IQueryCollection query, out string? error)
    {
        error = null;
        var env = new List<string>();
        var kept = new JsonObject();
        string buildArgs = query["buildargs"].ToString();
        if (buildArgs.Length > 0)
        {
            JsonObject? args;
            try
            {
                args = JsonNode.Parse(buildArgs) as JsonObject;
            }
            catch (JsonException e)
            {
                error = "invalid buildargs: " + e.Message;
                return null;
            }
            if (args is null)
            {
                error = "invalid buildargs: expected a JSON object";
                return null;
            }
            foreach (var (key, value) in args)
            {
                int colon = key.IndexOf(':');
                if (colon > 0 && ExpressionFamily.ForEnvPrefix(key[..colon]) is not null)
                {
                    // As classic: the arg's key=value is read as an env entry, "constraint:node" + "=" + "=node-2".
                    env.Add(value is JsonValue v && v.TryGetValue(out string? text) ? $"{key}={text}" : key);
                }
                else
                {
                    kept[key] = value?.DeepClone();
                }
            }
        }

        long memory = 0, cpus = 0;
        if (!Number(query, "memory", ref memory, ref error) || !Number(query, "cpushares", ref cpus, ref error)) return null;

        var forwarded = new QueryBuilder();
        foreach (var (key, values) in query)
        {
            if (key == "buildargs") continue;
            foreach (string? value in values) forwarded.Add(key, value ?? "");
        }
        if (buildArgs.Length > 0) forwarded.Add("buildargs", kept.ToJsonString());
        return new Read(new ContainerRequest { Env = env, Memory = memory, Cpus = cpus }, forwarded.ToQueryString().Value ?? "");
    }

    private static bool Number(IQueryCollection query, string name, ref long value, ref string? error)
    {
        StringValues text = query[name];
        if (StringValues.IsNullOrEmpty(text)) return true;
        if (long.TryParse(text.ToString(), out value) && value >= 0) return true;
        error = $"invalid {name}: {text}";
        return false;
    }
}
