namespace Swarm.Scheduling.Requests;

/// <summary>
/// The four kinds of scheduling hints a user can pass, either as env entries (<c>-e constraint:region==eu</c>)
/// or as JSON-array labels (<c>com.docker.swarm.constraints=["region==eu"]</c>).
/// </summary>
public sealed record ExpressionFamily(string EnvPrefix, string LabelName)
{
    public const string LabelNamespace = "com.docker.swarm";

    public static readonly ExpressionFamily Affinity = new("affinity", LabelNamespace + ".affinities");
    public static readonly ExpressionFamily Constraint = new("constraint", LabelNamespace + ".constraints");
    public static readonly ExpressionFamily Whitelist = new("whitelist", LabelNamespace + ".whitelists");
    public static readonly ExpressionFamily Reschedule = new("reschedule", LabelNamespace + ".reschedule-policies");

    /// <summary>In the order classic Swarm reads and writes them.</summary>
    public static readonly IReadOnlyList<ExpressionFamily> All = [Affinity, Constraint, Whitelist, Reschedule];

    public static ExpressionFamily? ForEnvPrefix(string prefix)
    {
        foreach (var family in All)
        {
            if (family.EnvPrefix == prefix) return family;
        }
        return null;
    }
}
