using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiverScreen.Imaging;

namespace LiverScreen.Alignment.Elastix;

/// <summary>
/// Runs the elastix 5.0.1 command-line tools (Debian package) on one phase pair and reads back where elastix maps
/// given reference points (transformix -def), for the side-by-side benchmark. I/O at the edge: temp files in a work
/// folder, the processes' exit codes and logs checked, errors name the pair and the log file.
/// </summary>
public sealed class ElastixRunner
{
    public ElastixRunner(IReadOnlyList<string> parameterFiles, int threads, string elastixPath = "elastix", string transformixPath = "transformix")
    {
        ArgumentNullException.ThrowIfNull(parameterFiles);
        ParameterFiles = parameterFiles;
        Threads = threads;
        ElastixPath = elastixPath;
        TransformixPath = transformixPath;
    }

    public IReadOnlyList<string> ParameterFiles { get; }

    public int Threads { get; }

    public string ElastixPath { get; }

    public string TransformixPath { get; }

    /// <summary>The parameter files committed under workers/LiverScreen.Alignment/elastix (copied beside the
    /// program): rigid, then affine, then B-spline (or without the last when <paramref name="deformable"/> is false).</summary>
    public static IReadOnlyList<string> DefaultParameterFiles(bool deformable)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "elastix");
        var names = deformable ? new[] { "rigid.txt", "affine.txt", "bspline.txt" } : ["rigid.txt", "affine.txt"];
        return names.Select(n => Path.Combine(dir, n)).ToArray();
    }

    /// <summary>True when the elastix executable can be started.</summary>
    public bool IsAvailable()
    {
        try
        {
            var (code, _) = Run(ElastixPath, "--version", Path.GetTempPath());
            return code == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Registers <paramref name="moving"/> onto <paramref name="reference"/> (fixed mask optional) and maps
    /// <paramref name="points"/> (reference LPS mm) into the moving image. Returns the mapped points and the wall
    /// time of elastix itself (transformix excluded: it only reads the answer out).</summary>
    public (Vec3[] Mapped, TimeSpan Elapsed) RegisterAndMap(string name, Volume<short> reference, Volume<short> moving, Volume<byte>? fixedMask, IReadOnlyList<Vec3> points, string workDir)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(moving);
        ArgumentNullException.ThrowIfNull(points);
        Directory.CreateDirectory(workDir);
        var f = Path.Combine(workDir, "fixed.mhd");
        var m = Path.Combine(workDir, "moving.mhd");
        MetaImage.Write(f, reference);
        MetaImage.Write(m, moving);
        var args = new StringBuilder($"-f \"{f}\" -m \"{m}\" -out \"{workDir}\" -threads {Threads}");
        if (fixedMask is not null)
        {
            var mask = Path.Combine(workDir, "mask.mhd");
            MetaImage.Write(mask, fixedMask);
            args.Append(CultureInfo.InvariantCulture, $" -fMask \"{mask}\"");
        }

        foreach (var p in ParameterFiles)
        {
            if (!File.Exists(p))
            {
                throw new FileNotFoundException($"elastix parameter file missing: {p}", p);
            }

            args.Append(CultureInfo.InvariantCulture, $" -p \"{p}\"");
        }

        var clock = Stopwatch.StartNew();
        var (code, log) = Run(ElastixPath, args.ToString(), workDir);
        var elapsed = clock.Elapsed;
        if (code != 0)
        {
            throw new InvalidOperationException($"elastix failed on pair {name} (exit {code}); see {Path.Combine(workDir, "elastix.log")}: {Tail(log)}");
        }

        var pointsFile = Path.Combine(workDir, "points.txt");
        var sb = new StringBuilder("point\n").Append(points.Count).Append('\n');
        foreach (var p in points)
        {
            sb.Append(string.Create(CultureInfo.InvariantCulture, $"{p.X:R} {p.Y:R} {p.Z:R}\n"));
        }

        File.WriteAllText(pointsFile, sb.ToString());
        var tp = Path.Combine(workDir, $"TransformParameters.{ParameterFiles.Count - 1}.txt");
        var tdir = Path.Combine(workDir, "transformix");
        Directory.CreateDirectory(tdir);
        var (tcode, tlog) = Run(TransformixPath, $"-def \"{pointsFile}\" -tp \"{tp}\" -out \"{tdir}\" -threads {Threads}", workDir);
        if (tcode != 0)
        {
            throw new InvalidOperationException($"transformix failed on pair {name} (exit {tcode}): {Tail(tlog)}");
        }

        return (ParseOutputPoints(File.ReadAllText(Path.Combine(tdir, "outputpoints.txt")), points.Count, name), elapsed);
    }

    /// <summary>Reads "OutputPoint = [ x y z ]" from transformix's outputpoints.txt, one line per input point.</summary>
    public static Vec3[] ParseOutputPoints(string text, int expected, string name)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<Vec3>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = line.IndexOf("OutputPoint = [", StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            var start = at + "OutputPoint = [".Length;
            var end = line.IndexOf(']', start);
            var parts = line[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            result.Add(new Vec3(
                double.Parse(parts[0], CultureInfo.InvariantCulture),
                double.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture)));
        }

        if (result.Count != expected)
        {
            throw new InvalidDataException($"transformix returned {result.Count} points for pair {name}, expected {expected}.");
        }

        return [.. result];
    }

    private static (int Code, string Output) Run(string exe, string args, string workDir)
    {
        var psi = new ProcessStartInfo(exe, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }

    private static string Tail(string s) => s.Length > 600 ? s[^600..] : s;
}
