using System.Text.Json;
using Swarm.Shell;

namespace Swarm.Actors.Tests.Shell;

/// <summary>The shell's two output formats: a tab-separated header and records, or a JSON object a record.</summary>
public sealed class ShellOutputTests
{
    private readonly List<object> sent = [];

    [Fact]
    public async Task Text_has_a_header_in_capitals_then_tab_separated_values()
    {
        var output = new ShellOutput(json: false, Send);
        await output.Columns("name", "reserved-cpus", "labels", "updated", "error");
        await output.Row("node-1", 2L, new[] { "a=1", "b=2" }, new DateTime(2024, 1, 2, 3, 4, 5, 678, DateTimeKind.Utc), "");
        await output.Row("with\ttab", 0, Array.Empty<string>(), null, "two\nlines");
        Assert.Equal(
            ["NAME\tRESERVED-CPUS\tLABELS\tUPDATED\tERROR", "node-1\t2\ta=1,b=2\t2024-01-02T03:04:05.678Z\t-", "with tab\t0\t-\t-\ttwo lines"],
            Lines());
    }

    [Fact]
    public async Task Json_has_one_object_a_record_keyed_by_the_columns_and_no_header()
    {
        var output = new ShellOutput(json: true, Send);
        await output.Columns("name", "containers", "reachable", "roles", "leader");
        await output.Row("node\t1", 3, true, new[] { "manager" }, null);
        var line = Assert.Single(Lines());
        using var record = JsonDocument.Parse(line);
        var root = record.RootElement;
        Assert.Equal(["name", "containers", "reachable", "roles", "leader"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("node\t1", root.GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("containers").GetInt32());
        Assert.True(root.GetProperty("reachable").GetBoolean());
        Assert.Equal("manager", root.GetProperty("roles")[0].GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("leader").ValueKind);
    }

    [Fact]
    public async Task A_record_with_more_or_fewer_values_than_columns_is_refused()
    {
        var output = new ShellOutput(json: false, Send);
        await output.Columns("a", "b");
        await Assert.ThrowsAsync<ArgumentException>(() => output.Row("only one"));
    }

    [Fact]
    public async Task Errors_go_to_stderr_in_either_mode()
    {
        await new ShellOutput(json: true, Send).Error("node x not found");
        Assert.Equal(new ShellProtocol.Failure("node x not found"), Assert.Single(sent));
    }

    private Task Send(object message)
    {
        sent.Add(message);
        return Task.CompletedTask;
    }

    private List<string> Lines() => [.. sent.Select(m => Assert.IsType<ShellProtocol.Output>(m).Line)];
}
