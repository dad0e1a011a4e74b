namespace Swarm.Shell;

/// <summary>
/// Tab completion over the palette's command names, word by word: the word being typed is completed as far as
/// every command that fits agrees (and a space added if only one fits); the choices are listed when several fit.
/// After a whole command name, <c>--json</c> completes from <c>-</c>.
/// </summary>
public static class ShellCompletion
{
    public const string JsonFlag = "--json";

    /// <param name="line">What is typed before the cursor.</param>
    /// <returns>The line completed (unchanged if nothing fits), and the choices when more than one fits.</returns>
    public static (string Line, IReadOnlyList<string> Choices) Complete(string line, IReadOnlyCollection<string> commandNames)
    {
        string[] typed = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool atNewWord = line.Length == 0 || line.EndsWith(' ');
        string[] done = atNewWord ? typed : typed[..^1];
        string partial = atNewWord ? "" : typed[^1];

        var choices = commandNames
            .Select(name => name.Split(' '))
            .Where(name => name.Length > done.Length && name.Take(done.Length).SequenceEqual(done, StringComparer.Ordinal))
            .Select(name => name[done.Length])
            .Where(word => word.StartsWith(partial, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (partial.StartsWith('-') && commandNames.Any(name => IsCommandPrefix(name, done)) && JsonFlag.StartsWith(partial, StringComparison.Ordinal)) choices = [JsonFlag];
        if (choices.Count == 0) return (line, []);

        string common = choices.Aggregate(CommonPrefix);
        string completed = string.Join(' ', done.Append(common)) + (choices.Count == 1 ? " " : "");
        return (completed, choices.Count == 1 ? [] : choices);
    }

    // The words start with the whole command name (its arguments may follow).
    private static bool IsCommandPrefix(string name, string[] words)
    {
        string[] parts = name.Split(' ');
        return parts.Length <= words.Length && parts.SequenceEqual(words.Take(parts.Length), StringComparer.Ordinal);
    }

    private static string CommonPrefix(string a, string b)
    {
        int length = 0;
        while (length < a.Length && length < b.Length && a[length] == b[length]) length++;
        return a[..length];
    }
}
