namespace Swarm.Scheduling;

/// <summary>Swarm IDs: 64 lowercase hex characters, unique in the cluster, fixed for a container's whole life.</summary>
public static class SwarmIds
{
    public const int Length = 64;

    /// <summary>
    /// A fresh ID not yet used by any container. Like Docker's own IDs, one whose 12-character short form is
    /// all digits is skipped, so it can never be mistaken for a number.
    /// </summary>
    public static string New(Random random, Func<string, bool> isInUse)
    {
        Span<byte> bytes = stackalloc byte[Length / 2];
        while (true)
        {
            random.NextBytes(bytes);
            string id = Convert.ToHexStringLower(bytes);
            if (!id.AsSpan(0, 12).ContainsAnyExcept("0123456789") || isInUse(id)) continue;
            return id;
        }
    }

    public static bool IsValid(string id) => id.Length == Length && !id.AsSpan().ContainsAnyExcept("0123456789abcdef");
}
