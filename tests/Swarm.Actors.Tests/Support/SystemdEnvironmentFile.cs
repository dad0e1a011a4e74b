namespace Swarm.Actors.Tests.Support;

/// <summary>A systemd <c>EnvironmentFile</c>: <c>KEY=value</c> lines, <c>#</c> and <c>;</c> comments, optional quotes around a value.</summary>
public static class SystemdEnvironmentFile
{
    public static Dictionary<string, string> Read(string path)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in File.ReadAllLines(path))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';') continue;
            int equals = line.IndexOf('=');
            if (equals <= 0) throw new FormatException($"{path}: not KEY=value: {raw}");
            string value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0]) value = value[1..^1];
            variables[line[..equals].Trim()] = value;
        }
        return variables;
    }

    /// <summary>The file's text for these variables, one <c>KEY=value</c> a line.</summary>
    public static string Format(IReadOnlyDictionary<string, string> variables) =>
        string.Concat(variables.Select(v => $"{v.Key}={v.Value}\n"));
}
