namespace Swarm.Benchmarks;

/// <summary>What the clients saw of a manager killed mid-load, from the acknowledged placements' times (since the load began).</summary>
/// <param name="FirstAcknowledged">From the kill to the first placement acknowledged after it (one in flight on a survivor counts).</param>
/// <param name="FirstSentAfter">From the kill to the acknowledgement of the first placement whose create was sent after it.</param>
/// <param name="LongestGapFromKill">The longest time without an acknowledged placement, from the last one before the kill to the end.</param>
/// <param name="LongestGapBefore">The same before the kill, for comparison: the load's own unevenness.</param>
internal sealed record FailoverStall(TimeSpan? FirstAcknowledged, TimeSpan? FirstSentAfter, TimeSpan? LongestGapFromKill, TimeSpan? LongestGapBefore)
{
    public static FailoverStall From(IEnumerable<ScaleLoad.Placement> placements, TimeSpan kill)
    {
        var all = placements.OrderBy(p => p.Acknowledged).ToList();
        var acknowledged = all.Select(p => p.Acknowledged).ToList();
        var before = acknowledged.Where(t => t <= kill).ToList();
        var after = acknowledged.Where(t => t > kill).ToList();
        var from = after.Prepend(before.Count > 0 ? before[^1] : kill).ToList();
        var firstSentAfter = all.FirstOrDefault(p => p.Sent > kill);
        return new FailoverStall(
            after.Count > 0 ? after[0] - kill : null,
            firstSentAfter is null ? null : firstSentAfter.Acknowledged - kill,
            LongestGap(from),
            LongestGap(before));
    }

    private static TimeSpan? LongestGap(List<TimeSpan> times) =>
        times.Count < 2 ? null : times.Zip(times.Skip(1), (a, b) => b - a).Max();
}
