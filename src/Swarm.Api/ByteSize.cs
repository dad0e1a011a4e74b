using System.Globalization;

namespace Swarm.Api;

/// <summary>Go's <c>units.BytesSize</c>, which classic used in <c>docker info</c>: binary units, four significant digits (<c>0 B</c>, <c>20 MiB</c>, <c>25.2 GiB</c>).</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(long bytes)
    {
        double size = bytes;
        int unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return size.ToString("G4", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
