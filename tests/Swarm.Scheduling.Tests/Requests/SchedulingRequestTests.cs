using Swarm.Scheduling.Expressions;
using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary>Classic's <c>BuildContainerConfig</c> (reference 1.2): hints from env and labels, merged into labels.</summary>
public class SchedulingRequestTests
{
    private const string Constraints = "com.docker.swarm.constraints";
    private const string Affinities = "com.docker.swarm.affinities";
    private const string Whitelists = "com.docker.swarm.whitelists";
    private const string ReschedulePolicies = "com.docker.swarm.reschedule-policies";

    internal static SchedulingRequest Create(ContainerRequest request)
    {
        var scheduling = SchedulingRequest.TryCreate(request, out string? error);
        Assert.True(scheduling is not null, $"request should be accepted, got error: {error}");
        Assert.Null(error);
        return scheduling;
    }

    internal static string CreateError(ContainerRequest request)
    {
        var scheduling = SchedulingRequest.TryCreate(request, out string? error);
        Assert.True(scheduling is null, "request should be refused");
        Assert.NotNull(error);
        return error;
    }

    private static ContainerRequest WithEnv(params string[] env) => new() { Env = env };

    private static ContainerRequest WithLabels(params (string Key, string Value)[] labels) =>
        new() { Labels = labels.ToDictionary(l => l.Key, l => l.Value) };

    [Fact]
    public void HintsAreRemovedFromEnvAndWrittenAsJsonLabels()
    {
        var scheduling = Create(WithEnv(
            "constraint:region==us-east",
            "PATH=/usr/bin",
            "affinity:container==redis",
            "FOO:bar",
            "whitelist:node==node1|node2",
            "reschedule:on-node-failure"));

        Assert.Equal(["PATH=/usr/bin", "FOO:bar"], scheduling.Container.Env);
        var labels = scheduling.Container.Labels;
        Assert.Equal("[\"region==us-east\"]", labels[Constraints]);
        Assert.Equal("[\"container==redis\"]", labels[Affinities]);
        Assert.Equal("[\"node==node1|node2\"]", labels[Whitelists]);
        Assert.Equal("[\"on-node-failure\"]", labels[ReschedulePolicies]);
        Assert.Equal(4, labels.Count);
    }

    [Fact]
    public void ParsedExpressionsComeFromTheirFamily()
    {
        var scheduling = Create(WithEnv(
            "constraint:region==us-east",
            "affinity:container==redis",
            "whitelist:node==node1|node2"));

        Assert.Equal(["region==us-east"], scheduling.Constraints.Select(e => e.ToString()));
        Assert.Equal(["container==redis"], scheduling.Affinities.Select(e => e.ToString()));
        Assert.Equal(["node==node1|node2"], scheduling.Whitelists.Select(e => e.ToString()));
    }

    [Fact]
    public void SeveralEntriesOfAFamilyKeepTheirOrder()
    {
        var scheduling = Create(WithEnv("constraint:region==us-east", "constraint:storage==ssd"));

        Assert.Equal("[\"region==us-east\",\"storage==ssd\"]", scheduling.Container.Labels[Constraints]);
        Assert.Equal(["region", "storage"], scheduling.Constraints.Select(e => e.Key));
    }

    [Fact]
    public void LabelValuesComeFirstAndEnvValuesAreAppended()
    {
        var request = new ContainerRequest
        {
            Env = ["constraint:region==us-east", "affinity:image==nginx"],
            Labels = new Dictionary<string, string>
            {
                [Constraints] = "[\"storage==ssd\",\"zone==a\"]",
                [Affinities] = "[\"container==redis\"]",
            },
        };

        var scheduling = Create(request);

        Assert.Equal("[\"storage==ssd\",\"zone==a\",\"region==us-east\"]", scheduling.Container.Labels[Constraints]);
        Assert.Equal("[\"container==redis\",\"image==nginx\"]", scheduling.Container.Labels[Affinities]);
        Assert.Equal(["storage", "zone", "region"], scheduling.Constraints.Select(e => e.Key));
        Assert.Equal(["container", "image"], scheduling.Affinities.Select(e => e.Key));
    }

    [Fact]
    public void LabelOnlyHintsAreParsedAndRewrittenInGoFormat()
    {
        var scheduling = Create(WithLabels((Constraints, "[ \"region==eu\" ,  \"storage==ssd\" ]")));

        Assert.Equal("[\"region==eu\",\"storage==ssd\"]", scheduling.Container.Labels[Constraints]);
        Assert.Equal(["region==eu", "storage==ssd"], scheduling.Constraints.Select(e => e.ToString()));
    }

    [Fact]
    public void EmptyLabelArrayWithoutEnvIsLeftAsIs()
    {
        // Classic only writes a label back when the merged list is not empty.
        var scheduling = Create(WithLabels((Constraints, "[]")));

        Assert.Equal("[]", scheduling.Container.Labels[Constraints]);
        Assert.Empty(scheduling.Constraints);
    }

    [Fact]
    public void RequestWithoutHintsGetsNoHintLabels()
    {
        var scheduling = Create(new ContainerRequest
        {
            Env = ["PATH=/usr/bin", "FOO:bar"],
            Labels = new Dictionary<string, string> { ["app"] = "web" },
        });

        Assert.Equal(["PATH=/usr/bin", "FOO:bar"], scheduling.Container.Env);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, scheduling.Container.Labels);
        Assert.Empty(scheduling.Constraints);
        Assert.Empty(scheduling.Affinities);
        Assert.Empty(scheduling.Whitelists);
        Assert.Equal(ReschedulePolicy.Off, scheduling.ReschedulePolicy);
        Assert.False(scheduling.HasSoftExpressions);
    }

    [Theory]
    [InlineData("PATH=/usr/bin")]
    [InlineData("PATH=/usr/bin:/bin")] // the first ':' comes after '=': key "PATH=/usr/bin" is no family
    [InlineData("FOO:bar")]
    [InlineData("Constraint:node==node1")] // the family name is case-sensitive
    [InlineData("CONSTRAINT:node==node1")]
    [InlineData("constraints:node==node1")]
    [InlineData("affinities:image==redis")]
    [InlineData(" constraint:node==node1")]
    [InlineData("constraint=node==node1")]
    [InlineData("constraint")]
    [InlineData("constraint=x:node==node1")]
    [InlineData("")]
    public void OtherEnvEntriesAreKept(string entry)
    {
        var scheduling = Create(WithEnv("A=1", entry, "B=2"));

        Assert.Equal(["A=1", entry, "B=2"], scheduling.Container.Env);
        Assert.Empty(scheduling.Constraints);
        Assert.Empty(scheduling.Affinities);
        Assert.DoesNotContain(Constraints, scheduling.Container.Labels.Keys);
    }

    [Fact]
    public void EnvHintIsSplitAtTheFirstColonOnly()
    {
        var scheduling = Create(WithEnv("constraint:zone==us-east:1"));

        Assert.Equal("[\"zone==us-east:1\"]", scheduling.Container.Labels[Constraints]);
        Assert.Equal("us-east:1", Assert.Single(scheduling.Constraints).Value.Text);
    }

    [Fact]
    public void OtherRequestFieldsArePreserved()
    {
        var request = new ContainerRequest
        {
            Name = "/web",
            Image = "nginx:1.27",
            Env = ["constraint:node==node1"],
            ExposedPorts = ["80/tcp"],
            PortBindings = [new PortBinding("80/tcp", "", "8080")],
            NetworkMode = "bridge",
            Links = ["db:db"],
            VolumesFrom = ["data"],
            Cpus = 2,
            Memory = 1 << 30,
        };

        var container = Create(request).Container;

        Assert.Equal(request with { Env = container.Env, Labels = container.Labels }, container);
        Assert.Empty(container.Env);
    }

    [Fact]
    public void TheCallersRequestIsNotModified()
    {
        var labels = new Dictionary<string, string> { [Constraints] = "[\"zone==a\"]" };
        var env = new List<string> { "constraint:node==node1", "A=1" };
        var request = new ContainerRequest { Env = env, Labels = labels };

        Create(request);

        Assert.Equal(["constraint:node==node1", "A=1"], env);
        Assert.Equal("[\"zone==a\"]", labels[Constraints]);
        Assert.Single(labels);
        Assert.Same(env, request.Env);
    }

    [Theory]
    [InlineData(Constraints)]
    [InlineData(Affinities)]
    [InlineData(Whitelists)]
    [InlineData(ReschedulePolicies)]
    public void InvalidJsonLabelIsRefusedWithAnErrorNamingTheLabel(string label)
    {
        string error = CreateError(WithLabels((label, "region==us-east")));

        Assert.Contains(label, error);
    }

    [Theory]
    [InlineData("{\"a\":\"b\"}")]
    [InlineData("\"node==node1\"")]
    [InlineData("[1,2]")]
    [InlineData("[\"node==node1\"")]
    [InlineData("")]
    public void NonStringArrayLabelIsRefused(string json)
    {
        Assert.Contains(Constraints, CreateError(WithLabels((Constraints, json))));
    }

    [Fact]
    public void NullElementInHintLabelIsRefusedNotThrown()
    {
        var request = WithLabels((Constraints, "[\"node==node1\",null]"));

        var scheduling = SchedulingRequest.TryCreate(request, out string? error);

        Assert.Null(scheduling);
        Assert.Equal("One of operator ==, != is expected", error);
    }

    [Fact]
    public void JsonNullLabelIsReadAsNoHints()
    {
        var scheduling = SchedulingRequest.TryCreate(WithLabels((Constraints, "null")), out string? error);

        Assert.Null(error);
        Assert.NotNull(scheduling);
        Assert.Empty(scheduling.Constraints);
    }

    [Theory]
    [InlineData("constraint:a==b", "Key 'a' is invalid")]
    [InlineData("constraint:node=node1", "One of operator ==, != is expected")]
    [InlineData("constraint:", "One of operator ==, != is expected")]
    [InlineData("affinity:image==<none>", "Value '<none>' is invalid")]
    [InlineData("whitelist:node==", "Value '' is invalid")]
    [InlineData("affinity:a!=b==c", "Key 'a!=b' is invalid")]
    public void InvalidExpressionIsRefusedWithClassicText(string entry, string expected)
    {
        Assert.Equal(expected, CreateError(WithEnv(entry)));
    }

    [Fact]
    public void InvalidExpressionInLabelIsRefused()
    {
        Assert.Equal("Key 'a' is invalid", CreateError(WithLabels((Whitelists, "[\"a==b\"]"))));
    }

    [Theory]
    [InlineData("constraint:region==~us*")]
    [InlineData("constraint:region!=~us*")]
    [InlineData("affinity:image==~redis")]
    [InlineData("whitelist:node==~node1")]
    public void AnySoftExpressionMakesTheRequestSoft(string entry)
    {
        Assert.True(Create(WithEnv("constraint:zone==a", entry, "affinity:container==db")).HasSoftExpressions);
    }

    [Fact]
    public void HardExpressionsOnlyMakeNoSoftRequest()
    {
        Assert.False(Create(WithEnv("constraint:zone==a", "affinity:container==db", "whitelist:node==n1")).HasSoftExpressions);
    }

    [Fact]
    public void SoftExpressionKeepsItsTildeInTheLabel()
    {
        var scheduling = Create(WithEnv("affinity:image==~redis"));

        Assert.Equal("[\"image==~redis\"]", scheduling.Container.Labels[Affinities]);
        Assert.True(Assert.Single(scheduling.Affinities).IsSoft);
    }

    [Fact]
    public void SwarmIdIsReadFromItsLabel()
    {
        string id = new('a', 64);

        Assert.Equal("com.docker.swarm.id", SchedulingRequest.SwarmIdLabel);
        Assert.Equal(id, Create(WithLabels(("com.docker.swarm.id", id))).SwarmId);
        Assert.Equal("", Create(new ContainerRequest()).SwarmId);
    }

    [Fact]
    public void WithLabelAddsALabelAndKeepsEverythingElse()
    {
        var original = Create(new ContainerRequest
        {
            Name = "web",
            Env = ["constraint:zone==~a", "affinity:container==db", "whitelist:node==n1", "reschedule:on-node-failure", "A=1"],
            Labels = new Dictionary<string, string> { ["app"] = "web" },
        });
        string id = new('b', 64);

        var labelled = original.WithLabel(SchedulingRequest.SwarmIdLabel, id);

        Assert.Equal(id, labelled.SwarmId);
        Assert.Equal(id, labelled.Container.Labels["com.docker.swarm.id"]);
        Assert.Equal("web", labelled.Container.Labels["app"]);
        Assert.Equal(original.Container.Labels[Constraints], labelled.Container.Labels[Constraints]);
        Assert.Equal(original.Container.Labels.Count + 1, labelled.Container.Labels.Count);
        Assert.Equal(["A=1"], labelled.Container.Env);
        Assert.Equal("web", labelled.Container.Name);
        Assert.Same(original.Constraints, labelled.Constraints);
        Assert.Same(original.Affinities, labelled.Affinities);
        Assert.Same(original.Whitelists, labelled.Whitelists);
        Assert.Equal(ReschedulePolicy.OnNodeFailure, labelled.ReschedulePolicy);
        Assert.True(labelled.HasSoftExpressions);
    }

    [Fact]
    public void WithLabelLeavesTheOriginalUnchanged()
    {
        var original = Create(WithLabels(("app", "web")));

        original.WithLabel("app", "db");
        original.WithLabel(SchedulingRequest.SwarmIdLabel, new string('c', 64));

        Assert.Equal("web", original.Container.Labels["app"]);
        Assert.Equal("", original.SwarmId);
        Assert.Single(original.Container.Labels);
    }

    [Fact]
    public void WithLabelOverwritesAnExistingLabel()
    {
        var original = Create(WithLabels((SchedulingRequest.SwarmIdLabel, new string('a', 64))));

        var relabelled = original.WithLabel(SchedulingRequest.SwarmIdLabel, new string('d', 64));

        Assert.Equal(new string('d', 64), relabelled.SwarmId);
        Assert.Single(relabelled.Container.Labels);
    }

    [Fact]
    public void ToPendingContainerCarriesWhatPlacementNeeds()
    {
        var bindings = new[] { new PortBinding("80/tcp", "0.0.0.0", "8080") };
        var scheduling = Create(new ContainerRequest
        {
            Name = "/web",
            Image = "nginx:1.27",
            Env = ["constraint:node==node1", "A=1"],
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            ExposedPorts = ["80/tcp"],
            PortBindings = bindings,
            NetworkMode = "host",
            Links = ["db:db"],
            VolumesFrom = ["data"],
            Cpus = 2,
            Memory = 512 << 20,
        });
        string id = new('e', 64);

        var pending = scheduling.ToPendingContainer(id);

        Assert.Equal(id, pending.SwarmId);
        Assert.Equal("", pending.Id);
        Assert.Equal(id, pending.Key);
        Assert.Equal("web", pending.Name);
        Assert.Equal("nginx:1.27", pending.Image);
        Assert.Equal(ContainerState.Pending, pending.State);
        Assert.Equal("web", pending.Labels["app"]);
        Assert.Equal("[\"node==node1\"]", pending.Labels[Constraints]);
        Assert.Equal(bindings, pending.PortBindings);
        Assert.Empty(pending.PublishedPorts);
        Assert.Equal(["80/tcp"], pending.ExposedPorts);
        Assert.Equal("host", pending.NetworkMode);
        Assert.True(pending.UsesHostNetwork);
        Assert.Equal(["db:db"], pending.Links);
        Assert.Equal(["data"], pending.VolumesFrom);
        Assert.Equal(2, pending.Cpus);
        Assert.Equal(512L << 20, pending.Memory);
    }

    [Theory]
    [InlineData("web", "web")]
    [InlineData("/web", "web")]
    [InlineData("", "")]
    public void PendingContainerNameHasNoLeadingSlash(string name, string expected)
    {
        Assert.Equal(expected, Create(new ContainerRequest { Name = name }).ToPendingContainer(new string('f', 64)).Name);
    }
}
