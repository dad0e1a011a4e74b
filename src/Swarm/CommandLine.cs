namespace Swarm;

/// <summary>
/// Flags the way classic's CLI library read them: <c>--name value</c>, <c>--name=value</c>, short aliases,
/// repeatable flags, environment fallbacks; everything else is a positional argument.
/// </summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly List<string> positional = [];

    private CommandLine()
    {
    }

    public IReadOnlyList<string> Positional => positional;

    /// <param name="booleans">Flags that take no value.</param>
    /// <param name="aliases">Short name → long name.</param>
    public static CommandLine? TryParse(IEnumerable<string> args, IReadOnlySet<string> known, IReadOnlySet<string> booleans, IReadOnlyDictionary<string, string> aliases, out string? error)
    {
        var line = new CommandLine();
        using var reader = args.GetEnumerator();
        while (reader.MoveNext())
        {
            string arg = reader.Current;
            if (!arg.StartsWith('-') || arg == "-")
            {
                line.positional.Add(arg);
                continue;
            }
            string name = arg.TrimStart('-');
            string? value = null;
            int equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            name = aliases.GetValueOrDefault(name, name);
            if (!known.Contains(name))
            {
                error = $"flag provided but not defined: -{name}";
                return null;
            }
            if (booleans.Contains(name)) value ??= "true";
            else if (value is null)
            {
                if (!reader.MoveNext())
                {
                    error = $"flag needs an argument: -{name}";
                    return null;
                }
                value = reader.Current;
            }
            if (!line.values.TryGetValue(name, out var list)) line.values[name] = list = [];
            list.Add(value);
        }
        error = null;
        return line;
    }

    public string? Value(string name, string? environment = null) =>
        values.TryGetValue(name, out var list) ? list[^1] : environment is null ? null : Environment.GetEnvironmentVariable(environment);

    public IReadOnlyList<string> All(string name) => values.TryGetValue(name, out var list) ? list : [];

    public bool Flag(string name) => Value(name) is "true" or "1";
}
