using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.Tests.Expressions;

/// <summary>Classic Swarm's expression grammar (reference 1.3, <c>scheduler/filter/expr.go parseExprs</c>).</summary>
public class ExpressionParsingTests
{
    private static Expression Parse(string text)
    {
        var expression = Expression.TryParse(text, out string? error);
        Assert.True(expression is not null, $"'{text}' should parse, got error: {error}");
        Assert.Null(error);
        return expression;
    }

    private static string ParseError(string text)
    {
        var expression = Expression.TryParse(text, out string? error);
        Assert.True(expression is null, $"'{text}' should be rejected, parsed as {expression}");
        Assert.NotNull(error);
        return error;
    }

    [Fact]
    public void EqualExpressionIsSplitIntoKeyOperatorAndValue()
    {
        var expression = Parse("node==node1");

        Assert.Equal("node", expression.Key);
        Assert.Equal(ExpressionOperator.Equal, expression.Operator);
        Assert.Equal("==", expression.OperatorText);
        Assert.Equal("node1", expression.Value.Text);
        Assert.False(expression.IsSoft);
    }

    [Fact]
    public void NotEqualExpressionIsSplitIntoKeyOperatorAndValue()
    {
        var expression = Parse("region!=us-east");

        Assert.Equal("region", expression.Key);
        Assert.Equal(ExpressionOperator.NotEqual, expression.Operator);
        Assert.Equal("!=", expression.OperatorText);
        Assert.Equal("us-east", expression.Value.Text);
        Assert.False(expression.IsSoft);
    }

    [Fact]
    public void EqualOperatorIsLookedForBeforeNotEqualEvenWhenNotEqualComesFirst()
    {
        // Classic tries "==" first: "a!=b==c" is split at "==", so the key is "a!=b".
        Assert.Equal("Key 'a!=b' is invalid", ParseError("a!=b==c"));
    }

    [Fact]
    public void EqualOperatorWinsWhenBothArePresentAndKeyIsValid()
    {
        // Split at "==": the rest, "b!=c", becomes the value, where '!' is only allowed first.
        Assert.Equal("Value 'b!=c' is invalid", ParseError("key==b!=c"));
    }

    [Fact]
    public void OnlyTheFirstEqualOperatorSplits()
    {
        // SplitN(e, "==", 2): "node===x" has key "node" and value "=x" (a leading '=' is allowed).
        var expression = Parse("node===x");

        Assert.Equal("node", expression.Key);
        Assert.Equal(ExpressionOperator.Equal, expression.Operator);
        Assert.Equal("=x", expression.Value.Text);
    }

    [Fact]
    public void NotEqualFollowedByEqualSignIsSplitAtTheEqualOperator()
    {
        // "node!==x" contains "==" at "!==", so the key is "node!".
        Assert.Equal("Key 'node!' is invalid", ParseError("node!==x"));
    }

    [Theory]
    [InlineData("node")]
    [InlineData("node=node1")]
    [InlineData("node=!node1")]
    [InlineData("node<>node1")]
    [InlineData("")]
    [InlineData("=")]
    [InlineData("!")]
    public void MissingOperatorIsRejectedWithClassicText(string text)
    {
        Assert.Equal("One of operator ==, != is expected", ParseError(text));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("node")]
    [InlineData("_a")]
    [InlineData("__")]
    [InlineData("a1")]
    [InlineData("storage_type")]
    [InlineData("node-name")]
    [InlineData("com.example.type")]
    [InlineData("a.")]
    [InlineData("a-")]
    [InlineData("NODE")]
    public void ValidKeysAreAccepted(string key)
    {
        var expression = Parse(key + "==x");

        Assert.Equal(key.ToLowerInvariant(), expression.Key);
    }

    [Theory]
    [InlineData("a")] // one character: classic's regex wants a second one
    [InlineData("_")]
    [InlineData("")]
    [InlineData("1node")]
    [InlineData("-node")]
    [InlineData(".node")]
    [InlineData("no de")]
    [InlineData(" node")]
    [InlineData("node ")]
    [InlineData("node:1")]
    [InlineData("node/1")]
    [InlineData("node*")]
    [InlineData("nöde")]
    [InlineData("node\n")] // Go's '$' is end of text: a trailing newline is not tolerated
    [InlineData("node\r\n")]
    [InlineData("\nnode")]
    public void InvalidKeysAreRejectedWithClassicText(string key)
    {
        Assert.Equal($"Key '{key}' is invalid", ParseError(key + "==x"));
        Assert.Equal($"Key '{key}' is invalid", ParseError(key + "!=x"));
    }

    [Fact]
    public void KeyIsLowerCased()
    {
        Assert.Equal("storage.type", Parse("Storage.TYPE==ssd").Key);
    }

    [Fact]
    public void ValueKeepsItsCase()
    {
        Assert.Equal("SSD", Parse("storage==SSD").Value.Text);
    }

    [Theory]
    [InlineData("node1")]
    [InlineData("NODE1")]
    [InlineData("us-east:1")]
    [InlineData("a_b")]
    [InlineData("a b")]
    [InlineData("a\tb")]
    [InlineData("*")]
    [InlineData("us*")]
    [InlineData("web.1")]
    [InlineData("node1|node2")]
    [InlineData("a+")]
    [InlineData("a?")]
    [InlineData("^a$")]
    [InlineData("/node[12]/")]
    [InlineData("/node\\d/")]
    [InlineData("/(?i)node1/")]
    [InlineData("/foo\\[bar\\]/")]
    [InlineData("=node1")]
    [InlineData("!node1")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("~redis")]
    [InlineData("=~redis")]
    [InlineData("!~redis")]
    [InlineData("/~redis")]
    public void ValidValuesAreAccepted(string value)
    {
        string expected = value.StartsWith('~') ? value[1..] : value;

        Assert.Equal(expected, Parse("key==" + value).Value.Text);
        if (!value.StartsWith('='))
        {
            // "key!==..." would contain "==" and split there.
            Assert.Equal(expected, Parse("key!=" + value).Value.Text);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("~")]
    [InlineData("~~redis")]
    [InlineData("a~b")]
    [InlineData("<")]
    [InlineData("<none>")]
    [InlineData("a@b")]
    [InlineData("sha256@x")]
    [InlineData("a,b")]
    [InlineData("\"a\"")]
    [InlineData("'a'")]
    [InlineData("a{2}")]
    [InlineData("a=b")]
    [InlineData("a!b")]
    [InlineData("==a")]
    [InlineData("a#b")]
    [InlineData("a&b")]
    [InlineData("a%b")]
    [InlineData("é")]
    [InlineData("a;b")]
    public void InvalidValuesAreRejectedWithClassicText(string value)
    {
        Assert.Equal($"Value '{value}' is invalid", ParseError("key==" + value));
    }

    [Fact]
    public void ValueIsCheckedAfterKey()
    {
        // Both are wrong: classic reports the key.
        Assert.Equal("Key 'a' is invalid", ParseError("a==<"));
    }

    [Fact]
    public void ValueWithTrailingNewlineIsAcceptedBecauseClassicValueClassHasWhitespace()
    {
        // Classic's value class contains \s, which in Go is [\t\n\f\r ], so "x\n" is a valid value
        // (unlike a key, whose class has no whitespace).
        Assert.Equal("x\n", Parse("key==x\n").Value.Text);
    }

    [Fact]
    public void InvalidCharacterBeforeTrailingNewlineInValueIsStillRejected()
    {
        Assert.Equal("Value 'x@\n' is invalid", ParseError("key==x@\n"));
    }

    [Theory]
    [InlineData("node==~node1", ExpressionOperator.Equal)]
    [InlineData("node!=~node1", ExpressionOperator.NotEqual)]
    public void TildeMakesTheExpressionSoftAndIsNotPartOfTheValue(string text, ExpressionOperator op)
    {
        var expression = Parse(text);

        Assert.True(expression.IsSoft);
        Assert.Equal(op, expression.Operator);
        Assert.Equal("node1", expression.Value.Text);
        Assert.True(expression.Matches("node1") == (op == ExpressionOperator.Equal));
    }

    [Fact]
    public void TildeAfterLeadingEqualsIsNotSoft()
    {
        // "node===~x": value "=~x" starts with '=', so classic's isSoft is false and nothing is trimmed.
        var expression = Parse("node===~x");

        Assert.False(expression.IsSoft);
        Assert.Equal("=~x", expression.Value.Text);
    }

    [Theory]
    [InlineData("node==node1", "node==node1")]
    [InlineData("node!=node1", "node!=node1")]
    [InlineData("Node==Node1", "node==Node1")]
    [InlineData("region==~us*", "region==us*")]
    [InlineData("container!=~redis*", "container!=redis*")]
    [InlineData("node==/node[12]/", "node==/node[12]/")]
    [InlineData("node===x", "node===x")]
    public void ToStringIsLowerCasedKeyOperatorAndValueWithoutTilde(string text, string expected)
    {
        Assert.Equal(expected, Parse(text).ToString());
    }

    [Fact]
    public void UncompilableRegexIsRefusedWithValueError()
    {
        // Classic accepted it and logged a regexp error on every match; this library refuses it up front.
        string error = ParseError("node==/node[/");

        Assert.StartsWith("Value '/node[/' is invalid", error);
    }

    [Fact]
    public void BackreferenceRegexIsRefusedNotThrown()
    {
        // RE2 has no backreferences either: classic logged an error and never matched.
        var expression = Expression.TryParse("node==/(a)\\1/", out string? error);

        Assert.Null(expression);
        Assert.StartsWith("Value '/(a)\\1/' is invalid", error);
    }
}
