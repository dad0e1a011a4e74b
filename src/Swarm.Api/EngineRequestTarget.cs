using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Swarm.Api;

/// <summary>
/// The request target sent to the owning engine: the client's API version prefix and query kept as they came,
/// and whatever the user typed for the container (name, <c>node/name</c>, virtual ID, prefix) replaced by the
/// engine's physical ID. Built rather than string-replaced, so a name that also appears elsewhere in the path
/// (classic replaced the first occurrence) cannot be mistaken.
/// </summary>
public static partial class EngineRequestTarget
{
    /// <param name="rawTarget">The request target as the client sent it, e.g. <c>/v1.41/containers/node-1/web/logs?tail=5</c>.</param>
    /// <param name="resource"><c>containers</c> or <c>exec</c>.</param>
    /// <param name="id">The physical container ID or the exec ID.</param>
    /// <param name="action">What follows the ID, e.g. <c>logs</c> or <c>attach</c>.</param>
    public static string For(string rawTarget, string resource, string id, string action)
    {
        string target = rawTarget.StartsWith('/') || !Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute) ? rawTarget : absolute.PathAndQuery;
        int queryStart = target.IndexOf('?');
        string path = queryStart < 0 ? target : target[..queryStart];
        string query = queryStart < 0 ? "" : target[queryStart..];
        return $"{VersionPrefix().Match(path).Value}/{resource}/{Uri.EscapeDataString(id)}/{action}{query}";
    }

    /// <summary>
    /// A target on the engine for a call the manager passes on whole (build, save, search): the client's API version
    /// prefix kept, so the engine answers in the version the client reads, then <paramref name="pathAndQuery"/>.
    /// </summary>
    public static string Versioned(HttpContext context, string pathAndQuery) => VersionPrefix().Match(RawTargetOf(context)).Value + pathAndQuery;

    /// <summary>
    /// A target for a call that names the container in its query (<c>POST /commit?container=web&amp;repo=…</c>): the
    /// client's version prefix, <paramref name="path"/>, and the client's query with <paramref name="key"/> set to
    /// <paramref name="value"/> (the physical ID), every other parameter kept as it came.
    /// </summary>
    public static string WithQueryValue(string rawTarget, string path, string key, string value)
    {
        string target = rawTarget.StartsWith('/') || !Uri.TryCreate(rawTarget, UriKind.Absolute, out var absolute) ? rawTarget : absolute.PathAndQuery;
        int queryStart = target.IndexOf('?');
        string clientPath = queryStart < 0 ? target : target[..queryStart];
        var parameters = queryStart < 0 ? [] : target[(queryStart + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries).ToList();
        string escaped = Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value);
        int index = parameters.FindIndex(p => Uri.UnescapeDataString(p.Split('=', 2)[0]) == key);
        if (index < 0) parameters.Add(escaped);
        else parameters[index] = escaped;
        parameters.RemoveAll(p => p != escaped && Uri.UnescapeDataString(p.Split('=', 2)[0]) == key);
        return $"{VersionPrefix().Match(clientPath).Value}{path}?{string.Join('&', parameters)}";
    }

    /// <summary>The target as the client sent it: the API middleware strips <c>/vX.Y</c> from the path, not from this.</summary>
    public static string RawTargetOf(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : context.Request.Path + context.Request.QueryString;

    [GeneratedRegex(@"^/v\d+\.\d+(?=/)")]
    private static partial Regex VersionPrefix();
}
