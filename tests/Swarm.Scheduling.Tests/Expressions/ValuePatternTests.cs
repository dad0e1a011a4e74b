using System.Text.RegularExpressions;
using FsCheck.Xunit;
using Swarm.Scheduling.Expressions;

namespace Swarm.Scheduling.Tests.Expressions;

public class ValuePatternTests
{
    private static ValuePattern Compile(string value)
    {
        var pattern = ValuePattern.TryCompile(value, out string? error);
        Assert.True(pattern is not null, $"'{value}' should compile, got error: {error}");
        Assert.Null(error);
        return pattern;
    }

    [Theory]
    [InlineData("node1")]
    [InlineData("us-east:1")]
    [InlineData("a_b")]
    [InlineData("/")]
    public void PlainValueIsALiteral(string value)
    {
        var pattern = Compile(value);

        Assert.Equal(value, pattern.Literal);
        Assert.True(pattern.IsMatch(value));
        Assert.False(pattern.IsMatch(value + "x"));
        Assert.False(pattern.IsMatch("x" + value));
    }

    [Theory]
    [InlineData("us*")]
    [InlineData("web.1")]
    [InlineData("a|b")]
    [InlineData("a b")]
    [InlineData("/node/")]
    [InlineData("//")]
    public void PatternsThatMatchMoreThanOneStringHaveNoLiteral(string value)
    {
        Assert.Null(Compile(value).Literal);
    }

    [Theory]
    [InlineData("node1")]
    [InlineData("us*")]
    [InlineData("web.1")]
    [InlineData("/node[12]/")]
    [InlineData("=x")]
    public void TextIsTheValueAsGiven(string value)
    {
        var pattern = Compile(value);

        Assert.Equal(value, pattern.Text);
        Assert.Equal(value, pattern.ToString());
    }

    [Fact]
    public void InvalidRegexReturnsNullWithAReason()
    {
        var pattern = ValuePattern.TryCompile("/a(/", out string? error);

        Assert.Null(pattern);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void InvalidRegexCharactersInAGlobReturnNullWithAReason()
    {
        // Unescaped glob "a(" becomes "^a($", which does not compile (classic logged and never matched).
        var pattern = ValuePattern.TryCompile("a(", out string? error);

        Assert.Null(pattern);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void SameRegexCompiledTwiceBehavesTheSame()
    {
        var first = Compile("/^node-[0-9]+$/");
        var second = Compile("/^node-[0-9]+$/");

        Assert.True(first.IsMatch("node-12"));
        Assert.True(second.IsMatch("node-12"));
        Assert.False(second.IsMatch("node-x"));
    }

    private static string FromAlphabet(byte[]? codes, string alphabet) =>
        new((codes ?? []).Select(b => alphabet[b % alphabet.Length]).ToArray());

    /// <summary>
    /// The fast path for '*' globs must agree with classic's definition, <c>"^" + Replace(value, "*", ".*") + "$"</c>,
    /// for candidates without newlines.
    /// </summary>
    [Property(MaxTest = 2000)]
    public bool StarGlobAgreesWithClassicRegexTranslation(byte[] valueCodes, byte[] candidateCodes)
    {
        string value = FromAlphabet(valueCodes, "ab*");
        string candidate = FromAlphabet(candidateCodes, "ab");
        var pattern = ValuePattern.TryCompile(value, out _);
        bool classic = Regex.IsMatch(candidate, "^" + value.Replace("*", ".*") + @"\z");
        return pattern is not null && pattern.IsMatch(candidate) == classic;
    }

    [Property(MaxTest = 500)]
    public bool StarGlobMatchesEveryCandidateBuiltFromIt(byte[] valueCodes, byte[] fillCodes)
    {
        // Replacing every '*' with any text always gives a matching candidate.
        string value = FromAlphabet(valueCodes, "ab*");
        string fill = FromAlphabet(fillCodes, "abc");
        var pattern = ValuePattern.TryCompile(value, out _);
        return pattern is not null && pattern.IsMatch(value.Replace("*", fill));
    }
}
