using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Swarm.Scheduling.Expressions;

/// <summary>
/// The right-hand side of an expression, compiled once: <c>/re/</c> is an unanchored regular expression,
/// anything else a glob where <c>*</c> becomes <c>.*</c> and the whole is anchored. As in classic Swarm,
/// other regex characters in a glob are not escaped, so <c>web.1</c> also matches <c>webx1</c>.
/// Plain values and simple <c>*</c> globs are matched without a regex, since they are most of what users write.
/// </summary>
public sealed class ValuePattern
{
    private const string RegexCharacters = ".()?+[]\\^$|\t\n\f\r ";
    private const int MaxCachedRegexes = 4096;
    private static readonly ConcurrentDictionary<string, Regex> RegexCache = new(StringComparer.Ordinal);

    private readonly string? literal;
    private readonly string[]? globParts;
    private Regex? regex;

    private ValuePattern(string text, string? literal, string[]? globParts, Regex? regex)
    {
        Text = text;
        this.literal = literal;
        this.globParts = globParts;
        this.regex = regex;
    }

    /// <summary>The value as written (after the soft marker was removed).</summary>
    public string Text { get; }

    /// <summary>The exact string this pattern matches when it matches only one, so callers can use an index.</summary>
    public string? Literal => literal;

    /// <summary>Compiles <paramref name="value"/>; returns null with a reason when the regex does not compile.</summary>
    public static ValuePattern? TryCompile(string value, out string? error)
    {
        error = null;
        bool isRegex = value.Length >= 2 && value[0] == '/' && value[^1] == '/';
        if (!isRegex && value.IndexOfAny(RegexCharacters.ToCharArray()) < 0)
        {
            return value.Contains('*')
                ? new ValuePattern(value, null, value.Split('*'), null)
                : new ValuePattern(value, value, null, null);
        }

        string pattern = isRegex ? value[1..^1] : GlobToRegex(value);
        try
        {
            return new ValuePattern(value, null, null, CompileCached(pattern));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            // NotSupportedException: constructs the linear-time engine cannot run, such as backreferences (RE2 has none either).
            error = e.Message;
            return null;
        }
    }

    public bool IsMatch(string candidate)
    {
        if (literal is not null) return string.Equals(literal, candidate, StringComparison.Ordinal);
        if (globParts is null) return regex!.IsMatch(candidate);
        // In classic's ^…$ form '*' never spans a newline; such rare candidates go through that regex.
        if (candidate.Contains('\n')) return (regex ??= CompileCached(GlobToRegex(Text))).IsMatch(candidate);
        return GlobMatches(globParts, candidate);
    }

    /// <summary>
    /// Classic's glob: <c>*</c> becomes <c>.*</c>, anchored at both ends. The end anchor is <c>\z</c> because .NET's
    /// <c>$</c> would also match before a final newline, which Go's does not (unless the value ends in an escape).
    /// </summary>
    private static string GlobToRegex(string value)
    {
        int trailingBackslashes = value.Length - value.TrimEnd('\\').Length;
        string end = trailingBackslashes % 2 == 1 ? "$" : "\\z";
        return "^" + value.Replace("*", ".*") + end;
    }

    private static bool GlobMatches(string[] parts, string candidate)
    {
        // parts come from Split('*'): the first is a prefix, the last a suffix, the middle ones in order.
        string first = parts[0], last = parts[^1];
        if (candidate.Length < first.Length + last.Length) return false;
        if (!candidate.StartsWith(first, StringComparison.Ordinal) || !candidate.EndsWith(last, StringComparison.Ordinal)) return false;
        int position = first.Length;
        int end = candidate.Length - last.Length;
        for (int i = 1; i < parts.Length - 1; i++)
        {
            int found = candidate.IndexOf(parts[i], position, end - position, StringComparison.Ordinal);
            if (found < 0) return false;
            position = found + parts[i].Length;
        }
        return true;
    }

    private static Regex CompileCached(string pattern)
    {
        if (RegexCache.TryGetValue(pattern, out var cached)) return cached;
        // Linear-time matching: patterns come from users and run inside the scheduler.
        var compiled = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant);
        if (RegexCache.Count >= MaxCachedRegexes) RegexCache.Clear();
        RegexCache[pattern] = compiled;
        return compiled;
    }

    public override string ToString() => Text;
}
