using System.Text;

namespace Swarm.Shell;

/// <summary>
/// Reads lines from a terminal with editing (left/right, home/end, backspace/delete, Ctrl+U), history (up/down)
/// and tab completion. Redraws the line with ANSI sequences; a line longer than the terminal wraps untidily.
/// </summary>
public sealed class LineEditor(Func<string, (string Line, IReadOnlyList<string> Choices)> complete)
{
    private readonly List<string> history = [];

    /// <summary>The line typed; null at Ctrl+D on an empty line (end of input). Ctrl+C drops the line and answers empty.</summary>
    public string? ReadLine(string prompt)
    {
        var line = new StringBuilder();
        int cursor = 0;
        int recalled = history.Count;
        Console.Write(prompt);

        void Redraw()
        {
            Console.Write($"\r{prompt}{line}\u001b[K");
            int back = line.Length - cursor;
            if (back > 0) Console.Write($"\u001b[{back}D");
        }

        void Replace(string text)
        {
            line.Clear().Append(text);
            cursor = line.Length;
            Redraw();
        }

        bool wasTreatingControlC = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        try
        {
            while (true)
            {
                var key = Console.ReadKey(intercept: true);
                bool control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
                switch (key.Key)
                {
                    case ConsoleKey.Enter:
                        Console.WriteLine();
                        string entered = line.ToString();
                        if (entered.Trim().Length > 0 && (history.Count == 0 || history[^1] != entered)) history.Add(entered);
                        return entered;
                    case ConsoleKey.C when control:
                        Console.WriteLine("^C");
                        return "";
                    case ConsoleKey.D when control:
                        if (line.Length > 0) break;
                        Console.WriteLine();
                        return null;
                    case ConsoleKey.U when control:
                        Replace("");
                        break;
                    case ConsoleKey.A when control:
                    case ConsoleKey.Home:
                        cursor = 0;
                        Redraw();
                        break;
                    case ConsoleKey.E when control:
                    case ConsoleKey.End:
                        cursor = line.Length;
                        Redraw();
                        break;
                    case ConsoleKey.LeftArrow when cursor > 0:
                        cursor--;
                        Redraw();
                        break;
                    case ConsoleKey.RightArrow when cursor < line.Length:
                        cursor++;
                        Redraw();
                        break;
                    case ConsoleKey.Backspace when cursor > 0:
                        line.Remove(--cursor, 1);
                        Redraw();
                        break;
                    case ConsoleKey.Delete when cursor < line.Length:
                        line.Remove(cursor, 1);
                        Redraw();
                        break;
                    case ConsoleKey.UpArrow when recalled > 0:
                        Replace(history[--recalled]);
                        break;
                    case ConsoleKey.DownArrow when recalled < history.Count:
                        recalled++;
                        Replace(recalled == history.Count ? "" : history[recalled]);
                        break;
                    case ConsoleKey.Tab:
                        var (completed, choices) = complete(line.ToString(0, cursor));
                        if (choices.Count > 0)
                        {
                            Console.WriteLine();
                            Console.WriteLine(string.Join("  ", choices));
                        }
                        line.Remove(0, cursor).Insert(0, completed);
                        cursor = completed.Length;
                        Redraw();
                        break;
                    default:
                        if (key.KeyChar >= ' ' && !control)
                        {
                            line.Insert(cursor++, key.KeyChar);
                            Redraw();
                        }
                        break;
                }
            }
        }
        finally
        {
            Console.TreatControlCAsInput = wasTreatingControlC;
        }
    }
}
