namespace Swarm.Api;

/// <summary>Names compared with their digit runs as numbers, so node-2 comes before node-10 (classic's naturalsort).</summary>
public sealed class NaturalOrder : IComparer<string>
{
    public static NaturalOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        x ??= "";
        y ??= "";
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (char.IsAsciiDigit(x[i]) && char.IsAsciiDigit(y[j]))
            {
                int startX = i, startY = j;
                while (i < x.Length && char.IsAsciiDigit(x[i])) i++;
                while (j < y.Length && char.IsAsciiDigit(y[j])) j++;
                var numberX = x.AsSpan(startX, i - startX).TrimStart('0');
                var numberY = y.AsSpan(startY, j - startY).TrimStart('0');
                int order = numberX.Length != numberY.Length ? numberX.Length.CompareTo(numberY.Length) : numberX.SequenceCompareTo(numberY);
                if (order != 0) return order;
                continue;
            }
            if (x[i] != y[j]) return x[i].CompareTo(y[j]);
            i++;
            j++;
        }
        return (x.Length - i).CompareTo(y.Length - j);
    }
}
