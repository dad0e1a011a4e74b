using System.Text.Json;
using System.Text.Json.Nodes;

namespace Swarm.Api;

/// <summary>
/// Which containers <c>POST /containers/prune</c> removes, as dockerd decides it (<c>daemon/prune.go</c>): those not
/// running (created, exited, dead), created before <c>until</c>, and matching the <c>label</c> filters while not
/// matching all of the <c>label!</c> ones. Other filters are refused as dockerd refuses them.
/// </summary>
public sealed class ContainerPruneFilter
{
    private static readonly HashSet<string> Accepted = ["until", "label", "label!"];

    private readonly IReadOnlyList<string> labels;
    private readonly IReadOnlyList<string> notLabels;

    private ContainerPruneFilter(DateTimeOffset? until, IReadOnlyList<string> labels, IReadOnlyList<string> notLabels)
    {
        Until = until;
        this.labels = labels;
        this.notLabels = notLabels;
    }

    /// <summary>Containers created after this are kept; null: no <c>until</c>.</summary>
    public DateTimeOffset? Until { get; }

    /// <summary>
    /// The filter from the request's <c>filters</c> (JSON, as <c>{"until":{"24h":true}}</c> or the older
    /// <c>{"label":["a=b"]}</c>; empty means none), or null with dockerd's error text (a 400).
    /// </summary>
    /// <param name="now">What a relative <c>until</c> (a Go duration such as <c>24h</c>) counts back from.</param>
    public static ContainerPruneFilter? TryParse(string filters, DateTimeOffset now, out string? error)
    {
        var read = DockerFilters.TryParse(filters, out error);
        if (read is null) return null;
        if (read.Keys.FirstOrDefault(key => !Accepted.Contains(key)) is { } unknown)
        {
            error = $"invalid filter '{unknown}'";
            return null;
        }
        var values = read.ToDictionary(f => f.Key, f => f.Value.ToList(), StringComparer.Ordinal);

        DateTimeOffset? until = null;
        if (values.TryGetValue("until", out var untils) && untils.Count > 0)
        {
            if (untils.Count > 1)
            {
                error = "more than one until filter specified";
                return null;
            }
            if (!DockerTimestamp.TryParse(untils[0], now, out var parsedUntil))
            {
                error = $"failed to parse value as time or duration: \"{untils[0]}\"";
                return null;
            }
            until = parsedUntil;
        }
        return new ContainerPruneFilter(until, values.GetValueOrDefault("label") ?? [], values.GetValueOrDefault("label!") ?? []);
    }

    /// <summary>A container in this state is never pruned: it runs (paused and restarting containers run too).</summary>
    public static bool IsPrunable(string state) => state is "created" or "exited" or "dead";

    /// <summary>Whether a container that is not running, created at <paramref name="created"/> with these labels, goes.</summary>
    public bool Matches(DateTimeOffset created, IReadOnlyDictionary<string, string> containerLabels)
    {
        if (Until is { } until && created > until) return false;
        if (!MatchKeyValues(labels, containerLabels)) return false;
        return notLabels.Count == 0 || !MatchKeyValues(notLabels, containerLabels);
    }

    /// <summary>
    /// Docker's <c>filters.Args.MatchKVList</c>: true with no filter; otherwise every <c>key</c> or <c>key=value</c>
    /// must be among the labels.
    /// </summary>
    private static bool MatchKeyValues(IReadOnlyList<string> wanted, IReadOnlyDictionary<string, string> containerLabels)
    {
        if (wanted.Count == 0) return true;
        if (containerLabels.Count == 0) return false;
        foreach (string filter in wanted)
        {
            string[] pair = filter.Split('=', 2);
            if (!containerLabels.TryGetValue(pair[0], out string? value)) return false;
            if (pair.Length == 2 && pair[1] != value) return false;
        }
        return true;
    }
}
