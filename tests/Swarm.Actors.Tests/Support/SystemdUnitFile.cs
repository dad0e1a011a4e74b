using System.Text;
using System.Text.RegularExpressions;

namespace Swarm.Actors.Tests.Support;

/// <summary>
/// A systemd unit file read as systemd reads the parts our samples use: sections, <c>Key=value</c> lines, <c>#</c>
/// and <c>;</c> comments, the instance specifiers <c>%i</c>/<c>%I</c>, and command lines with <c>${NAME}</c> and
/// <c>$NAME</c> expanded from the service's environment.
/// </summary>
public sealed partial class SystemdUnitFile
{
    private readonly List<(string Section, string Key, string Value)> entries;

    private SystemdUnitFile(List<(string Section, string Key, string Value)> entries) => this.entries = entries;

    /// <summary>Reads a template unit as its instance <paramref name="instance"/> (<c>name@instance.service</c>).</summary>
    public static SystemdUnitFile Read(string path, string instance)
    {
        var entries = new List<(string, string, string)>();
        string section = "";
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }
            int equals = line.IndexOf('=');
            if (equals <= 0) throw new FormatException($"{path}: not Key=value: {raw}");
            entries.Add((section, line[..equals].Trim(), Specifiers(line[(equals + 1)..].Trim(), instance)));
        }
        return new SystemdUnitFile(entries);
    }

    /// <summary>The one value of <paramref name="key"/> in <paramref name="section"/>; fails when it is absent or repeated.</summary>
    public string Value(string section, string key) => entries.Single(e => e.Section == section && e.Key == key).Value;

    /// <summary>A command line (<c>ExecStart</c>…) split into words and expanded from <paramref name="environment"/> as systemd does.</summary>
    public IReadOnlyList<string> CommandLine(string section, string key, IReadOnlyDictionary<string, string> environment)
    {
        var words = new List<string>();
        // A leading "-" (failure ignored) and the other prefixes are systemd's, not the program's.
        foreach (string word in Words(Value(section, key).TrimStart('-', '@', ':', '+', '!')))
        {
            // $NAME alone is a list of words; ${NAME} is put in place, one word.
            if (WholeWordVariable().Match(word) is { Success: true } whole)
            {
                words.AddRange(Lookup(environment, whole.Groups[1].Value).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                continue;
            }
            words.Add(BracedVariable().Replace(word, m => Lookup(environment, m.Groups[1].Value)));
        }
        return words;
    }

    // systemd puts "" in place of an unset variable; here a misspelt name should fail the test instead.
    private static string Lookup(IReadOnlyDictionary<string, string> environment, string name) =>
        environment.TryGetValue(name, out string? value) ? value : throw new KeyNotFoundException($"the command line uses ${{{name}}}, which the environment file does not set");

    private static string Specifiers(string value, string instance) => Specifier().Replace(value, m => m.Groups[1].Value switch
    {
        "i" or "I" => instance,
        "%" => "%",
        var other => throw new NotSupportedException($"specifier %{other} is not understood by this reader: {value}"),
    });

    private static IEnumerable<string> Words(string commandLine)
    {
        var word = new StringBuilder();
        bool inWord = false;
        char quote = '\0';
        foreach (char c in commandLine)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) yield return word.ToString();
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }
        if (quote != '\0') throw new FormatException("unterminated quote in " + commandLine);
        if (inWord) yield return word.ToString();
    }

    [GeneratedRegex(@"^\$([A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex WholeWordVariable();

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex BracedVariable();

    [GeneratedRegex("%(.)")]
    private static partial Regex Specifier();
}
