using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.Tests.Expressions;

/// <summary>Classic's <c>expr.Match</c>: glob anchored with only '*' translated, <c>/re/</c> unanchored, "any" semantics.</summary>
public class ExpressionMatchingTests
{
    private static Expression Parse(string text)
    {
        var expression = Expression.TryParse(text, out string? error);
        Assert.True(expression is not null, $"'{text}' should parse, got error: {error}");
        return expression;
    }

    [Theory]
    [InlineData("node==node1", "node1", true)]
    [InlineData("node==node1", "node10", false)]
    [InlineData("node==node1", "mynode1", false)]
    [InlineData("node==node1", "Node1", false)] // matching is case-sensitive
    [InlineData("node==node1", "", false)]
    [InlineData("node!=node1", "node1", false)]
    [InlineData("node!=node1", "node2", true)]
    public void PlainValueMatchesOnlyTheWholeString(string text, string candidate, bool expected)
    {
        Assert.Equal(expected, Parse(text).Matches(candidate));
    }

    [Theory]
    [InlineData("region==us*", "us-east", true)]
    [InlineData("region==us*", "us", true)]
    [InlineData("region==us*", "eu-us", false)]
    [InlineData("region!=us*", "us-west", false)]
    [InlineData("region!=us*", "eu-west", true)]
    [InlineData("name==*web*", "my-web-1", true)]
    [InlineData("name==*web*", "web", true)]
    [InlineData("name==*web*", "weeb", false)]
    [InlineData("name==*-1", "web-1", true)]
    [InlineData("name==*-1", "web-10", false)]
    [InlineData("name==a*a", "a", false)]
    [InlineData("name==a*a", "aa", true)]
    [InlineData("name==a*a", "aba", true)]
    [InlineData("name==a*b*c", "abc", true)]
    [InlineData("name==a*b*c", "axbxc", true)]
    [InlineData("name==a*b*c", "acb", false)]
    [InlineData("name==a*b*b", "ab", false)]
    [InlineData("name==*", "", true)]
    [InlineData("name==*", "anything at all", true)]
    [InlineData("name==**", "x", true)]
    public void GlobStarMatchesAnyRunAndIsAnchored(string text, string candidate, bool expected)
    {
        Assert.Equal(expected, Parse(text).Matches(candidate));
    }

    [Theory]
    // Classic builds "^" + value + "$" without escaping, so regex characters keep their meaning.
    [InlineData("node==web.1", "web.1", true)]
    [InlineData("node==web.1", "webx1", true)]
    [InlineData("node==web.1", "web11x", false)]
    [InlineData("node==node1?", "node", true)]
    [InlineData("node==node1?", "node1", true)]
    [InlineData("node==a+", "aaa", true)]
    [InlineData("node==a+", "a+", false)]
    [InlineData("node==node[12]", "node2", true)]
    [InlineData("node==node[12]", "node[12]", false)]
    [InlineData("node==(web)*", "webweb", true)]
    // "^node1|node2$" is an alternation of "^node1" and "node2$".
    [InlineData("node==node1|node2", "node1", true)]
    [InlineData("node==node1|node2", "node2", true)]
    [InlineData("node==node1|node2", "node3", false)]
    [InlineData("node==node1|node2", "node10", true)]
    [InlineData("node==node1|node2", "xnode2", true)]
    [InlineData("node==web.*", "web-1", true)]
    [InlineData("node==web.*", "web", false)]
    public void GlobDoesNotEscapeRegexCharacters(string text, string candidate, bool expected)
    {
        Assert.Equal(expected, Parse(text).Matches(candidate));
    }

    [Theory]
    [InlineData("node==/node[12]/", "node1", true)]
    [InlineData("node==/node[12]/", "node2", true)]
    [InlineData("node==/node[12]/", "node3", false)]
    [InlineData("node==/node[12]/", "my-node1-x", true)] // unanchored
    [InlineData("node==/node\\d/", "node7", true)]
    [InlineData("node==/node\\d/", "nodex", false)]
    [InlineData("node!=/node-[01]/", "node-0", false)]
    [InlineData("node!=/node-[01]/", "node-1", false)]
    [InlineData("node!=/node-[01]/", "node-2", true)]
    [InlineData("node!=/foo\\[bar\\]/", "foo[bar]", false)]
    [InlineData("node!=/foo\\[bar\\]/", "foob", true)]
    [InlineData("node==/(?i)node1/", "NODE1", true)]
    [InlineData("node==/(?i)node1/", "NoDe1", true)]
    [InlineData("node==/node1/", "NODE1", false)]
    [InlineData("node==/^node1$/", "node1", true)]
    [InlineData("node==/^node1$/", "node10", false)]
    [InlineData("node==/node*/", "nod", true)] // a regex, not a glob: "*" repeats the 'e'
    [InlineData("node==/a|b/", "xbx", true)]
    [InlineData("node==//", "", true)] // empty regex matches everything
    [InlineData("node==//", "node1", true)]
    public void SlashDelimitedValueIsAnUnanchoredRegex(string text, string candidate, bool expected)
    {
        Assert.Equal(expected, Parse(text).Matches(candidate));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("", false)]
    [InlineData("//", false)]
    public void SingleSlashIsAPlainValue(string candidate, bool expected)
    {
        // Classic sliced value[1:0] here and panicked; a lone '/' can only sensibly mean itself.
        Assert.Equal(expected, Parse("node==/").Matches(candidate));
    }

    [Fact]
    public void SoftExpressionMatchesLikeItsHardForm()
    {
        var soft = Parse("image==~redis*");

        Assert.True(soft.Matches("redis:7"));
        Assert.False(soft.Matches("nginx"));
    }

    [Fact]
    public void EqualMatchesWhenAnyCandidateMatches()
    {
        var expression = Parse("image==redis");

        Assert.True(expression.Matches(["nginx", "redis", "mysql"]));
        Assert.True(expression.Matches(["redis"]));
        Assert.False(expression.Matches(["nginx", "mysql"]));
        Assert.False(expression.Matches(Array.Empty<string>()));
    }

    [Fact]
    public void NotEqualMatchesWhenNoCandidateMatches()
    {
        var expression = Parse("image!=redis");

        Assert.False(expression.Matches(["nginx", "redis", "mysql"]));
        Assert.False(expression.Matches(["redis"]));
        Assert.True(expression.Matches(["nginx", "mysql"]));
        Assert.True(expression.Matches(Array.Empty<string>()));
    }

    [Fact]
    public void CandidateEnumerationStopsAtFirstMatch()
    {
        var expression = Parse("image==redis");
        int seen = 0;

        IEnumerable<string> Candidates()
        {
            foreach (string candidate in new[] { "a", "redis", "b", "c" })
            {
                seen++;
                yield return candidate;
            }
        }

        Assert.True(expression.Matches(Candidates()));
        Assert.Equal(2, seen);
    }

    [Theory]
    [InlineData("node==node1", "node1")]
    [InlineData("node==node1", "node2")]
    [InlineData("node!=node1", "node1")]
    [InlineData("node!=node1", "node2")]
    [InlineData("node==web.*", "web-1")]
    [InlineData("node!=/node[12]/", "node3")]
    public void SingleCandidateMatchesLikeAOneElementList(string text, string candidate)
    {
        var expression = Parse(text);

        Assert.Equal(expression.Matches([candidate]), expression.Matches(candidate));
    }

    [Fact]
    public void GlobEndAnchorDoesNotMatchBeforeTrailingNewline()
    {
        Assert.False(Parse("node==web.1").Matches("web.1\n"));
        Assert.True(Parse("node==web.1").Matches("webx1"));
    }

    [Fact]
    public void GlobStarDoesNotCrossNewlineAsInClassic()
    {
        Assert.False(Parse("region==us*").Matches("us\nx"));
    }
}
