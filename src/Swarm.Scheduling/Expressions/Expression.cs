using System.Text.RegularExpressions;

namespace Swarm.Scheduling.Expressions;

/// <summary>
/// One <c>key==value</c> / <c>key!=value</c> expression of a constraint, affinity or whitelist, with classic
/// Swarm's grammar: <c>==</c> is looked for before <c>!=</c>, the key is lower-cased, a value starting with
/// <c>~</c> is soft (dropped on the scheduler's second pass).
/// </summary>
public sealed partial class Expression
{
    private Expression(string key, ExpressionOperator op, ValuePattern value, bool isSoft)
    {
        Key = key;
        Operator = op;
        Value = value;
        IsSoft = isSoft;
    }

    public string Key { get; }
    public ExpressionOperator Operator { get; }
    public ValuePattern Value { get; }
    public bool IsSoft { get; }

    public string OperatorText => Operator == ExpressionOperator.Equal ? "==" : "!=";

    /// <summary>Parses one expression; on failure returns null and classic Swarm's error text.</summary>
    public static Expression? TryParse(string text, out string? error)
    {
        error = null;
        ExpressionOperator op;
        int at = text.IndexOf("==", StringComparison.Ordinal);
        if (at >= 0)
        {
            op = ExpressionOperator.Equal;
        }
        else
        {
            at = text.IndexOf("!=", StringComparison.Ordinal);
            if (at < 0)
            {
                error = "One of operator ==, != is expected";
                return null;
            }
            op = ExpressionOperator.NotEqual;
        }

        string key = text[..at];
        string rawValue = text[(at + 2)..];
        if (!KeyPattern().IsMatch(key))
        {
            error = $"Key '{key}' is invalid";
            return null;
        }
        if (!ValuePatternSyntax().IsMatch(rawValue))
        {
            error = $"Value '{rawValue}' is invalid";
            return null;
        }

        var pattern = ValuePattern.TryCompile(rawValue.TrimStart('~'), out string? regexError);
        if (pattern is null)
        {
            // Classic logged this and never matched; a clear refusal serves the operator better.
            error = $"Value '{rawValue}' is invalid: {regexError}";
            return null;
        }
        return new Expression(key.ToLowerInvariant(), op, pattern, rawValue.StartsWith('~'));
    }

    /// <summary>True when any candidate matches (for <c>==</c>) or none does (for <c>!=</c>).</summary>
    public bool Matches(IEnumerable<string> candidates)
    {
        bool any = false;
        foreach (string candidate in candidates)
        {
            if (Value.IsMatch(candidate))
            {
                any = true;
                break;
            }
        }
        return Operator == ExpressionOperator.Equal ? any : !any;
    }

    public bool Matches(string candidate) => Value.IsMatch(candidate) == (Operator == ExpressionOperator.Equal);

    /// <summary><c>key==value</c>, as classic prints constraints in scheduling errors.</summary>
    public override string ToString() => Key + OperatorText + Value.Text;

    // Classic's key and value syntax, spelled without (?i) and \s so that .NET matches exactly what Go's RE2 did.
    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9\-_.]+\z")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^[=!/]?(~)?[a-zA-Z0-9:\-_\t\n\f\r \.\*/\(\)\?\+\[\]\\\^\$\|]+\z")]
    private static partial Regex ValuePatternSyntax();
}
