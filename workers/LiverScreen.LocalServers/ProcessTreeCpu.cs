using System.Globalization;

namespace LiverScreen.LocalServers;

/// <summary>
/// CPU seconds used by process trees, read from /proc (Linux): utime + stime of every live process under the given
/// roots, plus cutime + cstime (children they already reaped, e.g. PostgreSQL's per-connection backends). Benchmarks
/// use it to say how much of a shared machine the locally started servers took. Elsewhere it returns NaN.
/// </summary>
public static class ProcessTreeCpu
{
    // USER_HZ: the unit of /proc/<pid>/stat times. 100 on every Linux this project targets (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100.0;

    public static double Seconds(IEnumerable<int> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } s)
            {
                stats[pid] = s;
            }
        }

        var children = stats.ToLookup(kv => kv.Value.Parent, kv => kv.Key);
        var seen = new HashSet<int>();
        var pending = new Stack<int>(roots);
        long ticks = 0;
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!seen.Add(pid) || !stats.TryGetValue(pid, out var s))
            {
                continue;
            }

            ticks += s.Ticks;
            foreach (var child in children[pid])
            {
                pending.Push(child);
            }
        }

        return ticks / TicksPerSecond;
    }

    /// <summary>Parent PID and utime + stime + cutime + cstime of one process; null if it is gone.</summary>
    private static (int Parent, long Ticks)? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] = state (field 3), [1] = ppid (4), [11..14] = utime, stime, cutime, cstime (14-17).
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return (parent, Field(11) + Field(12) + Field(13) + Field(14));
    }
}
