namespace Swarm.Scheduling.Model;

/// <summary>
/// The <c>swarm.overcommit</c> cluster option: how much more than its raw capacity a node may promise.
/// Classic stores it as a whole percentage and uses integer arithmetic, so 5% of 2 CPUs adds nothing.
/// </summary>
public readonly record struct Overcommit
{
    public const double DefaultRatio = 0.05;

    private Overcommit(double ratio)
    {
        Ratio = ratio;
        Percent = (long)(ratio * 100);
    }

    public static Overcommit Default { get; } = new(DefaultRatio);

    public double Ratio { get; }
    public long Percent { get; }

    /// <summary>Validates the option; classic refuses anything not above -1.</summary>
    public static Overcommit? TryCreate(double ratio, out string? error)
    {
        if (ratio <= -1)
        {
            error = $"swarm.overcommit should be larger than -1, {ratio:F6} is invalid";
            return null;
        }
        error = null;
        return new Overcommit(ratio);
    }

    public long Apply(long capacity) => capacity + capacity * Percent / 100;
}
