using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.Filters;

internal static class ExpressionText
{
    /// <summary>How classic lists affinities and whitelists in scheduling errors: <c>key==value (soft=false)</c>.</summary>
    public static string WithSoftness(Expression expression) =>
        $"{expression} (soft={(expression.IsSoft ? "true" : "false")})";
}
