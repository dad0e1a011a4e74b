using Swarm.Shell;

namespace Swarm.Actors.Tests.Shell;

/// <summary>Tab completion over the palette's names, word by word.</summary>
public sealed class ShellCompletionTests
{
    private static readonly string[] Names = ["cluster show", "cluster status", "cluster leave", "cluster-sharding regions", "engine list", "engine show", "log tail"];

    [Theory]
    [InlineData("eng", "engine ")]
    [InlineData("engine l", "engine list ")]
    [InlineData("cluster st", "cluster status ")]
    [InlineData("cluster-s", "cluster-sharding ")]
    [InlineData("engine show --", "engine show --json ")]
    [InlineData("engine show node-1 -", "engine show node-1 --json ")]
    public void A_word_only_one_command_fits_is_completed_with_a_space(string typed, string completed)
    {
        var (line, choices) = ShellCompletion.Complete(typed, Names);
        Assert.Equal((completed, 0), (line, choices.Count));
    }

    [Theory]
    [InlineData("clu", "cluster", new[] { "cluster", "cluster-sharding" })]
    [InlineData("cluster s", "cluster s", new[] { "show", "status" })]
    [InlineData("cluster ", "cluster ", new[] { "leave", "show", "status" })]
    [InlineData("", "", new[] { "cluster", "cluster-sharding", "engine", "log" })]
    public void Several_fitting_complete_as_far_as_they_agree_and_are_listed(string typed, string completed, string[] listed)
    {
        var (line, choices) = ShellCompletion.Complete(typed, Names);
        Assert.Equal(completed, line);
        Assert.Equal(listed, choices);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("engine list x")]
    [InlineData("engine -")]
    public void Nothing_fitting_leaves_the_line_as_it_is(string typed)
    {
        var (line, choices) = ShellCompletion.Complete(typed, Names);
        Assert.Equal((typed, 0), (line, choices.Count));
    }
}
