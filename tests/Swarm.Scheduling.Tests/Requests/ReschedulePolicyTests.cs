using Swarm.Scheduling.Model;
using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary>Classic's <c>ContainerConfig.Validate</c> for reschedule policies (reference 1.2).</summary>
public class ReschedulePolicyTests
{
    private const string Label = "com.docker.swarm.reschedule-policies";

    private static ContainerRequest WithEnv(params string[] env) => new() { Env = env };

    [Fact]
    public void NoPolicyMeansOff()
    {
        Assert.Equal(ReschedulePolicy.Off, SchedulingRequestTests.Create(new ContainerRequest()).ReschedulePolicy);
    }

    [Theory]
    [InlineData("reschedule:off", ReschedulePolicy.Off)]
    [InlineData("reschedule:on-node-failure", ReschedulePolicy.OnNodeFailure)]
    public void EnvPolicyIsRead(string entry, ReschedulePolicy expected)
    {
        var scheduling = SchedulingRequestTests.Create(WithEnv(entry, "A=1"));

        Assert.Equal(expected, scheduling.ReschedulePolicy);
        Assert.Equal(["A=1"], scheduling.Container.Env);
        Assert.Equal($"[\"{entry["reschedule:".Length..]}\"]", scheduling.Container.Labels[Label]);
    }

    [Theory]
    [InlineData("[\"off\"]", ReschedulePolicy.Off)]
    [InlineData("[\"on-node-failure\"]", ReschedulePolicy.OnNodeFailure)]
    public void LabelPolicyIsRead(string json, ReschedulePolicy expected)
    {
        var request = new ContainerRequest { Labels = new Dictionary<string, string> { [Label] = json } };

        Assert.Equal(expected, SchedulingRequestTests.Create(request).ReschedulePolicy);
    }

    [Theory]
    [InlineData("false")]
    [InlineData("always")]
    [InlineData("On-Node-Failure")]
    [InlineData("on-node-failure ")]
    [InlineData("")]
    public void UnknownPolicyIsRefusedWithClassicText(string policy)
    {
        string error = SchedulingRequestTests.CreateError(WithEnv("reschedule:" + policy));

        Assert.Equal("invalid reschedule policy: " + policy, error);
    }

    [Fact]
    public void ClassicExampleFalseIsRefused()
    {
        Assert.Equal("invalid reschedule policy: false", SchedulingRequestTests.CreateError(WithEnv("reschedule:false")));
    }

    [Fact]
    public void TwoEnvPoliciesAreTooMany()
    {
        Assert.Equal(
            "too many reschedule policies",
            SchedulingRequestTests.CreateError(WithEnv("reschedule:off", "reschedule:off")));
    }

    [Fact]
    public void LabelAndEnvPolicyTogetherAreTooMany()
    {
        var request = new ContainerRequest
        {
            Env = ["reschedule:on-node-failure"],
            Labels = new Dictionary<string, string> { [Label] = "[\"on-node-failure\"]" },
        };

        Assert.Equal("too many reschedule policies", SchedulingRequestTests.CreateError(request));
    }

    [Fact]
    public void TooManyIsReportedBeforeInvalid()
    {
        Assert.Equal(
            "too many reschedule policies",
            SchedulingRequestTests.CreateError(WithEnv("reschedule:false", "reschedule:bogus")));
    }

    [Fact]
    public void EnumHasOffAsDefault()
    {
        Assert.Equal(ReschedulePolicy.Off, default(ReschedulePolicy));
        Assert.Equal([ReschedulePolicy.Off, ReschedulePolicy.OnNodeFailure], Enum.GetValues<ReschedulePolicy>());
    }
}
