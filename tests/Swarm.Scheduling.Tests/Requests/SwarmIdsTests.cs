using System.Text.RegularExpressions;

namespace Swarm.Scheduling.Tests.Requests;

/// <summary>Swarm IDs (reference 3.5): random 64-hex, unique in the cluster.</summary>
public class SwarmIdsTests
{
    /// <summary>A <see cref="Random"/> that hands out the given byte patterns in turn, then the last one forever.</summary>
    private sealed class ScriptedRandom(params byte[][] fills) : Random
    {
        private int next;

        public override void NextBytes(Span<byte> buffer)
        {
            byte[] fill = fills[Math.Min(next++, fills.Length - 1)];
            for (int i = 0; i < buffer.Length; i++) buffer[i] = fill[i % fill.Length];
        }

        public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
    }

    [Fact]
    public void NewIdIs64LowercaseHexCharacters()
    {
        var random = new Random(42);
        for (int i = 0; i < 100; i++)
        {
            string id = SwarmIds.New(random, _ => false);

            Assert.Matches(new Regex("^[0-9a-f]{64}\\z"), id);
            Assert.True(SwarmIds.IsValid(id));
        }
    }

    [Fact]
    public void NewIdsDiffer()
    {
        var random = new Random(7);
        var ids = Enumerable.Range(0, 200).Select(_ => SwarmIds.New(random, _ => false)).ToHashSet();

        Assert.Equal(200, ids.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    public void IdsInUseAreSkipped(int rejected)
    {
        var asked = new List<string>();
        bool IsInUse(string id)
        {
            asked.Add(id);
            return asked.Count <= rejected;
        }

        string id = SwarmIds.New(new Random(1), IsInUse);

        Assert.Equal(rejected + 1, asked.Count);
        Assert.Equal(asked[^1], id);
        Assert.DoesNotContain(id, asked.Take(rejected));
        Assert.True(SwarmIds.IsValid(id));
    }

    [Fact]
    public void IdsInUseAreSkippedWithScriptedBytes()
    {
        var random = new ScriptedRandom([0xab], [0xcd], [0xef]);
        string taken1 = string.Concat(Enumerable.Repeat("ab", 32));
        string taken2 = string.Concat(Enumerable.Repeat("cd", 32));

        string id = SwarmIds.New(random, candidate => candidate == taken1 || candidate == taken2);

        Assert.Equal(string.Concat(Enumerable.Repeat("ef", 32)), id);
    }

    [Fact]
    public void IdWhoseShortFormIsAllDigitsIsSkipped()
    {
        // 0x12 repeated gives "1212..."; only its first 12 characters matter.
        var random = new ScriptedRandom(
            [0x12],
            [0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0xab],
            [0x12, 0x34, 0x56, 0x78, 0x90, 0x1a]);
        var asked = new List<string>();

        string id = SwarmIds.New(random, candidate =>
        {
            asked.Add(candidate);
            return false;
        });

        Assert.StartsWith("12345678901a", id);
        Assert.Equal([id], asked); // numeric candidates are dropped before the in-use check
    }

    [Fact]
    public void IsValidAcceptsOnly64LowercaseHexCharacters()
    {
        string valid = string.Concat(Enumerable.Repeat("0123456789abcdef", 4));

        Assert.True(SwarmIds.IsValid(valid));
        Assert.False(SwarmIds.IsValid(valid[..63]));
        Assert.False(SwarmIds.IsValid(valid + "0"));
        Assert.False(SwarmIds.IsValid(valid.ToUpperInvariant()));
        Assert.False(SwarmIds.IsValid(valid[..63] + "g"));
        Assert.False(SwarmIds.IsValid(valid[..63] + " "));
        Assert.False(SwarmIds.IsValid(valid[..12]));
        Assert.False(SwarmIds.IsValid(""));
        Assert.Equal(64, SwarmIds.Length);
    }
}
