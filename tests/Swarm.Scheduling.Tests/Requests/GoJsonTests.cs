using FsCheck.Xunit;
using Swarm.Scheduling.Requests;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary><see cref="GoJson"/> writes what Go's <c>json.Marshal([]string)</c> wrote for classic's labels.</summary>
public class GoJsonTests
{
    [Fact]
    public void EmptyListIsEmptyArray()
    {
        Assert.Equal("[]", GoJson.WriteStringArray([]));
    }

    [Fact]
    public void ElementsAreSeparatedByCommasWithoutSpaces()
    {
        Assert.Equal("[\"a\",\"b\"]", GoJson.WriteStringArray(["a", "b"]));
        Assert.Equal("[\"region==us-east\",\"storage==ssd\"]", GoJson.WriteStringArray(["region==us-east", "storage==ssd"]));
        Assert.Equal("[\"\"]", GoJson.WriteStringArray([""]));
    }

    [Theory]
    [InlineData("a\\b", "\"a\\\\b\"")]
    [InlineData("a\"b", "\"a\\\"b\"")]
    [InlineData("<", "\"\\u003c\"")]
    [InlineData(">", "\"\\u003e\"")]
    [InlineData("&", "\"\\u0026\"")]
    [InlineData("a<b>&c", "\"a\\u003cb\\u003e\\u0026c\"")]
    [InlineData("\n", "\"\\n\"")]
    [InlineData("\r", "\"\\r\"")]
    [InlineData("\t", "\"\\t\"")]
    [InlineData("\b", "\"\\u0008\"")] // Go before 1.22 did not use \b and \f
    [InlineData("\f", "\"\\u000c\"")]
    [InlineData("\u0000", "\"\\u0000\"")]
    [InlineData("\u0001", "\"\\u0001\"")]
    [InlineData("\u001f", "\"\\u001f\"")] // lower-case hex
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("\u2029", "\"\\u2029\"")]
    public void SpecialCharactersAreEscapedAsGoDoes(string value, string expectedElement)
    {
        Assert.Equal("[" + expectedElement + "]", GoJson.WriteStringArray([value]));
    }

    [Theory]
    [InlineData("+")]
    [InlineData("/")]
    [InlineData("'")]
    [InlineData("=")]
    [InlineData("~")]
    [InlineData("|")]
    [InlineData("\u007f")]
    [InlineData("é")]
    [InlineData("日本")]
    [InlineData(" ")]
    [InlineData("node==/node[12]/")]
    public void OtherCharactersAreWrittenAsTheyAre(string value)
    {
        Assert.Equal("[\"" + value + "\"]", GoJson.WriteStringArray([value]));
    }

    [Fact]
    public void ReferenceExamplesAreWrittenByteForByte()
    {
        Assert.Equal("[\"node==node1|node2\"]", GoJson.WriteStringArray(["node==node1|node2"]));
        Assert.Equal("[\"container==redis\",\"image==nginx\"]", GoJson.WriteStringArray(["container==redis", "image==nginx"]));
        Assert.Equal("[\"node==/node\\\\d/\"]", GoJson.WriteStringArray(["node==/node\\d/"]));
        Assert.Equal("[\"on-node-failure\"]", GoJson.WriteStringArray(["on-node-failure"]));
    }

    [Fact]
    public void WritesAnyEnumerableOnce()
    {
        int enumerations = 0;
        IEnumerable<string> Values()
        {
            enumerations++;
            yield return "a";
            yield return "b";
        }

        Assert.Equal("[\"a\",\"b\"]", GoJson.WriteStringArray(Values()));
        Assert.Equal(1, enumerations);
    }

    [Theory]
    [InlineData("[]", new string[0])]
    [InlineData("[\"a\",\"b\"]", new[] { "a", "b" })]
    [InlineData(" [ \"a\" , \"b\" ] ", new[] { "a", "b" })]
    [InlineData("[\"\\u003c\\u0026\"]", new[] { "<&" })]
    [InlineData("[\"a\\/b\"]", new[] { "a/b" })]
    [InlineData("[\"\\\\\"]", new[] { "\\" })]
    public void ReadsJsonStringArrays(string json, string[] expected)
    {
        Assert.Equal(expected, GoJson.TryReadStringArray(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("region==us-east")]
    [InlineData("\"a\"")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[\"a\",]")]
    [InlineData("[\"a\"")]
    [InlineData("[\"a\"] x")]
    [InlineData("[[\"a\"]]")]
    [InlineData("['a']")]
    public void AnythingElseReadsAsNull(string text)
    {
        Assert.Null(GoJson.TryReadStringArray(text));
    }

    [Fact]
    public void NullElementIsNotReturnedAsNullString()
    {
        var values = GoJson.TryReadStringArray("[\"a\",null]");

        Assert.Equal(["a", ""], values);
    }

    public static TheoryData<string[]> RoundTripCases => new()
    {
        new[] { "a", "b" },
        new[] { "node==/node\\d/", "image==~redis*", "a\"b", "<&>", "\n\t\r\b\f\u0001", "\u2028", "é日本", "+/'" },
        Array.Empty<string>(),
    };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void WrittenArraysReadBackUnchanged(string[] values)
    {
        Assert.Equal(values, GoJson.TryReadStringArray(GoJson.WriteStringArray(values)));
    }

    [Property(MaxTest = 500)]
    public bool AnyListOfStringsRoundTrips(string[] values)
    {
        // Go strings cannot hold lone UTF-16 surrogates, so leave those out.
        var clean = (values ?? []).Select(v => new string((v ?? "").Where(c => !char.IsSurrogate(c)).ToArray())).ToList();

        var read = GoJson.TryReadStringArray(GoJson.WriteStringArray(clean));

        return read is not null && read.SequenceEqual(clean);
    }
}
