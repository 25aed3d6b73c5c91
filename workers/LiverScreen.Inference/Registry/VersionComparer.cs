namespace LiverScreen.Inference.Registry;

/// <summary>Orders versions like "1.10.0" above "1.9.2" (numeric parts), a release above its "-prerelease", else ordinal.</summary>
public sealed class VersionComparer : IComparer<string>
{
    public static VersionComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var (xCore, xPre) = Split(x);
        var (yCore, yPre) = Split(y);
        var xs = xCore.Split('.');
        var ys = yCore.Split('.');
        for (var i = 0; i < Math.Max(xs.Length, ys.Length); i++)
        {
            var a = i < xs.Length ? xs[i] : "0";
            var b = i < ys.Length ? ys[i] : "0";
            var c = long.TryParse(a, out var na) && long.TryParse(b, out var nb) ? na.CompareTo(nb) : string.CompareOrdinal(a, b);
            if (c != 0)
            {
                return c;
            }
        }

        if (xPre is null || yPre is null)
        {
            return xPre is null ? (yPre is null ? 0 : 1) : -1;
        }

        return string.CompareOrdinal(xPre, yPre);
    }

    private static (string Core, string? Pre) Split(string v)
    {
        var dash = v.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? (v, null) : (v[..dash], v[(dash + 1)..]);
    }
}
