using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;

namespace Swarm.Scheduling.Requests;

/// <summary>
/// A create request made ready for placement, as classic Swarm's <c>BuildContainerConfig</c> did: scheduling
/// hints from env entries and <c>com.docker.swarm.*</c> labels merged, removed from the env the container will
/// see, written back as labels, and parsed once.
/// </summary>
public sealed class SchedulingRequest
{
    public const string SwarmIdLabel = ExpressionFamily.LabelNamespace + ".id";

    private SchedulingRequest(
        ContainerRequest container,
        IReadOnlyList<Expression> constraints,
        IReadOnlyList<Expression> affinities,
        IReadOnlyList<Expression> whitelists,
        ReschedulePolicy reschedulePolicy)
    {
        Container = container;
        Constraints = constraints;
        Affinities = affinities;
        Whitelists = whitelists;
        ReschedulePolicy = reschedulePolicy;
        HasSoftExpressions = constraints.Any(e => e.IsSoft) || affinities.Any(e => e.IsSoft) || whitelists.Any(e => e.IsSoft);
    }

    /// <summary>The request as the engine should receive it: hints gone from Env, present as labels.</summary>
    public ContainerRequest Container { get; }

    public IReadOnlyList<Expression> Constraints { get; }
    public IReadOnlyList<Expression> Affinities { get; }
    public IReadOnlyList<Expression> Whitelists { get; }
    public ReschedulePolicy ReschedulePolicy { get; }
    public bool HasSoftExpressions { get; }

    /// <summary>The swarm ID the request already carries (a retry, or a rescheduled container), else empty.</summary>
    public string SwarmId => Container.Labels.TryGetValue(SwarmIdLabel, out string? id) ? id : "";

    /// <summary>Builds a request; on bad input returns null and an error text (classic's where classic had one).</summary>
    public static SchedulingRequest? TryCreate(ContainerRequest request, out string? error)
    {
        var labels = new Dictionary<string, string>(request.Labels);
        var hints = new Dictionary<ExpressionFamily, List<string>>();
        foreach (var family in ExpressionFamily.All)
        {
            var values = new List<string>();
            if (labels.TryGetValue(family.LabelName, out string? json))
            {
                var parsed = GoJson.TryReadStringArray(json);
                if (parsed is null)
                {
                    // Classic ignored such a label silently and so dropped the user's constraints.
                    error = $"Invalid label {family.LabelName}: expected a JSON array of strings, got {json}";
                    return null;
                }
                values.AddRange(parsed);
            }
            hints[family] = values;
        }

        var env = new List<string>(request.Env.Count);
        foreach (string entry in request.Env)
        {
            int colon = entry.IndexOf(':');
            var family = colon >= 0 ? ExpressionFamily.ForEnvPrefix(entry[..colon]) : null;
            if (family is null) env.Add(entry);
            else hints[family].Add(entry[(colon + 1)..]);
        }

        foreach (var family in ExpressionFamily.All)
        {
            if (hints[family].Count > 0) labels[family.LabelName] = GoJson.WriteStringArray(hints[family]);
        }

        var policy = ParseReschedulePolicy(hints[ExpressionFamily.Reschedule], out error);
        if (error is not null) return null;

        var constraints = ParseAll(hints[ExpressionFamily.Constraint], out error);
        if (constraints is null) return null;
        var affinities = ParseAll(hints[ExpressionFamily.Affinity], out error);
        if (affinities is null) return null;
        var whitelists = ParseAll(hints[ExpressionFamily.Whitelist], out error);
        if (whitelists is null) return null;

        var container = request with { Env = env, Labels = labels };
        return new SchedulingRequest(container, constraints, affinities, whitelists, policy);
    }

    /// <summary>Whether the request names a reschedule policy itself (env <c>reschedule:</c> or the policies label).</summary>
    public bool NamesReschedulePolicy => Container.Labels.ContainsKey(ExpressionFamily.Reschedule.LabelName);

    /// <summary>The request under another reschedule policy, written as classic's policies label so the container shows it.</summary>
    public SchedulingRequest WithReschedulePolicy(ReschedulePolicy policy)
    {
        string text = policy == ReschedulePolicy.OnNodeFailure ? "on-node-failure" : "off";
        var labels = new Dictionary<string, string>(Container.Labels) { [ExpressionFamily.Reschedule.LabelName] = GoJson.WriteStringArray([text]) };
        return new SchedulingRequest(Container with { Labels = labels }, Constraints, Affinities, Whitelists, policy);
    }

    /// <summary>The request with one more label, e.g. the swarm ID assigned at placement.</summary>
    public SchedulingRequest WithLabel(string key, string value)
    {
        var labels = new Dictionary<string, string>(Container.Labels) { [key] = value };
        return new SchedulingRequest(Container with { Labels = labels }, Constraints, Affinities, Whitelists, ReschedulePolicy);
    }

    /// <summary>The container to reserve on the chosen node until its engine has created it.</summary>
    public ContainerInfo ToPendingContainer(string swarmId) => new()
    {
        SwarmId = swarmId,
        Name = Container.Name.TrimStart('/'),
        Image = Container.Image,
        Labels = Container.Labels,
        PortBindings = Container.PortBindings,
        ExposedPorts = Container.ExposedPorts,
        NetworkMode = Container.NetworkMode,
        Links = Container.Links,
        VolumesFrom = Container.VolumesFrom,
        Cpus = Container.Cpus,
        Memory = Container.Memory,
        State = ContainerState.Pending,
    };

    private static ReschedulePolicy ParseReschedulePolicy(List<string> policies, out string? error)
    {
        error = null;
        if (policies.Count > 1)
        {
            error = "too many reschedule policies";
            return ReschedulePolicy.Off;
        }
        if (policies.Count == 0) return ReschedulePolicy.Off;
        switch (policies[0])
        {
            case "off": return ReschedulePolicy.Off;
            case "on-node-failure": return ReschedulePolicy.OnNodeFailure;
            default:
                error = $"invalid reschedule policy: {policies[0]}";
                return ReschedulePolicy.Off;
        }
    }

    private static List<Expression>? ParseAll(List<string> texts, out string? error)
    {
        error = null;
        var parsed = new List<Expression>(texts.Count);
        foreach (string text in texts)
        {
            var expression = Expression.TryParse(text, out error);
            if (expression is null) return null;
            parsed.Add(expression);
        }
        return parsed;
    }
}
