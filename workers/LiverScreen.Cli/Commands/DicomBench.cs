using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using LiverScreen.Cli.Output;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Scanning;
using LiverScreen.Dicom.Writing;
using LiverScreen.Imaging;
using Spectre.Console;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// `liverscreen bench dicom`: reads one synthetic 512 x 512 x N CT series (uncompressed and JPEG-LS, generated once under
/// .work/bench/) with our reader on 1 thread and on all cores, and with pydicom in the same run; prints ms per slice,
/// the ratios, and memory against the HU volume size. Synthetic phantom slices only, no patient data.
/// </summary>
public static class DicomBench
{
    private const int Size = 512;

    /// <summary>Header of the benchmark series (synthetic, pseudonymous).</summary>
    private static readonly CtSeriesHeader BenchHeader = new()
    {
        PatientId = "BENCH",
        PatientName = "BENCH^SYNTHETIC",
        PatientSex = "O",
        PatientAgeYears = 50,
        StudyInstanceUid = "2.25.777700000000000000000000000009",
        SeriesInstanceUid = "2.25.777700000000000000000000000091",
        SopInstanceUidBase = "2.25.777700000000000000000000100000", // CtSeriesWriter adds the instance number
        FrameOfReferenceUid = "2.25.777700000000000000000000000092",
        AccessionNumber = "BENCH000001",
        StudyId = "000001",
        StudyDate = new DateOnly(2026, 1, 1),
        StudyTime = TimeSpan.FromHours(9),
        AcquisitionTime = TimeSpan.FromHours(9.1),
        SeriesNumber = 1,
        SeriesDescription = "BENCH SYNTHETIC",
        Manufacturer = "SYNTHETIC",
        ManufacturerModelName = "BENCH",
        InstitutionName = "BENCH",
        ConvolutionKernel = "STANDARD",
        SliceThicknessMm = 1.25,
        RescaleIntercept = -1024,
    };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var slices = new Option<int>("--slices") { Description = "Slices in the generated series.", DefaultValueFactory = _ => 300 };
        var command = new Command("dicom", "Read a 512x512xN uncompressed and a JPEG-LS CT series with our reader (1 thread, all cores) and with pydicom; ms/slice, ratios, peak memory vs HU size.")
        {
            json,
            slices,
        };
        command.SetAction(parse => Run(parse.GetValue(slices), parse.GetValue(json)));
        return command;
    }

    private static int Run(int n, bool json)
    {
        if (n < 2)
        {
            Console.Error.WriteLine("bench dicom: --slices must be at least 2");
            return 2;
        }

        var root = Path.Combine(Directory.GetCurrentDirectory(), ".work", "bench", $"dicom-int16-{Size}x{Size}x{n}");
        var rawDir = Path.Combine(root, "raw");
        var jlsDir = Path.Combine(root, "jpegls");
        Generate(rawDir, jlsDir, n, json);

        var results = new List<BenchRow>();
        var huBytes = (long)Size * Size * n * 2;
        foreach (var (name, dir) in new[] { ("uncompressed", rawDir), ("JPEG-LS", jlsDir) })
        {
            var warmScan = new DicomScanner().Scan([dir], 1);
            var loader = new SeriesLoader();
            loader.Load(warmScan.Studies.Single().Series.Single(), 1); // warm-up: JIT, page cache, GDCM initialisation
            foreach (var threads in new[] { 1, Environment.ProcessorCount })
            {
                // The header scan runs with the same thread count as the decode, so the 1-thread row is all one thread.
                var scanWatch = Stopwatch.StartNew();
                var series = new DicomScanner().Scan([dir], threads).Studies.Single().Series.Single();
                scanWatch.Stop();
                var (ms, allocated, peakDelta) = Measure(() => loader.Load(series, threads));
                results.Add(new BenchRow($"LiverScreen {name}", threads, (ms + scanWatch.Elapsed.TotalMilliseconds) / n, scanWatch.Elapsed.TotalMilliseconds / n,
                    allocated / (double)huBytes, peakDelta / (double)huBytes, null));
            }

            results.Add(Pydicom(name, dir, n));
        }

        var ours1 = results.First(r => r.Reader == "LiverScreen uncompressed" && r.Threads == 1).MsPerSlice;
        var py = results.First(r => r.Reader == "pydicom uncompressed").MsPerSlice;
        var summary = new BenchSummary(Size, Size, n, huBytes, Environment.ProcessorCount, results,
            py is { } p && ours1 is { } o ? p / o : null,
            "Synthetic phantom slices (no patient data). Ours: header scan + sort + decode to HU (ms/slice includes the header scan). " +
            "pydicom: dcmread + pixel_array + rescale to int16 HU, 1 thread. pydicom needs pylibjpeg/gdcm plugins for JPEG-LS, which Debian does not ship: its JPEG-LS row reports the error.");
        if (json)
        {
            CliJson.Print(summary);
            return 0;
        }

        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]DICOM read, {Size}x{Size}x{n}[/] (HU volume {huBytes / 1048576.0:0.0} MiB)");
        foreach (var c in new[] { "Reader", "Threads", "ms/slice", "of which header scan", "allocated / HU size", "peak working-set rise / HU size", "note" })
        {
            table.AddColumn(c);
        }

        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Reader), r.Threads.ToString(CultureInfo.InvariantCulture),
                r.MsPerSlice is { } m ? m.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                r.ScanMsPerSlice is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-",
                r.AllocatedOverHu is { } a ? a.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
                r.PeakOverHu is { } pk ? pk.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "-",
                Markup.Escape(r.Note ?? ""));
        }

        AnsiConsole.Write(table);
        if (summary.PydicomOverOursOneThread is { } ratio)
        {
            AnsiConsole.MarkupLine($"Uncompressed, 1 thread: pydicom / LiverScreen = [bold]{ratio:0.00}x[/] ({(ratio >= 1 ? "[green]target met[/]" : "[red]slower than pydicom[/]")}).");
        }

        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(summary.Note)}[/]");
        return 0;
    }

    private static (double Ms, long Allocated, long PeakDelta) Measure(Func<LoadedSeries> load)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        // Sample the working set while loading: the process-lifetime peak cannot be reset, so watch the rise instead.
        var sampler = Task.Run(() =>
        {
            using var p = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                p.Refresh();
                peak = Math.Max(peak, p.WorkingSet64);
                Thread.Sleep(2);
            }
        });
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var loaded = load();
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        stop.Cancel();
        sampler.Wait();
        GC.KeepAlive(loaded);
        return (watch.Elapsed.TotalMilliseconds, allocated, peak - baseline);
    }

    private static BenchRow Pydicom(string name, string dir, int n)
    {
        const string script = """
            import sys, time, glob
            try:
                import pydicom, numpy as np
            except Exception as e:
                print("ERR pydicom not installed: %s" % e); sys.exit(0)
            files = sorted(glob.glob(sys.argv[1] + "/*.dcm"))
            def read(f):
                ds = pydicom.dcmread(f)
                a = ds.pixel_array
                return (a * float(ds.RescaleSlope) + float(ds.RescaleIntercept)).astype(np.int16)
            try:
                read(files[0])
                t = time.perf_counter()
                for f in files: read(f)
                print("OK %f" % ((time.perf_counter() - t) * 1000 / len(files)))
            except Exception as e:
                print("ERR %s" % str(e).splitlines()[0][:160])
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(dir);
        try
        {
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            if (output.StartsWith("OK ", StringComparison.Ordinal))
            {
                return new BenchRow($"pydicom {name}", 1, double.Parse(output[3..], CultureInfo.InvariantCulture), null, null, null, null);
            }

            return new BenchRow($"pydicom {name}", 1, null, null, null, null, output.Length > 0 ? output.TrimStart('E', 'R', ' ') : err.Trim());
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return new BenchRow($"pydicom {name}", 1, null, null, null, null, $"python3 not available: {ex.Message}");
        }
    }

    private static void Generate(string rawDir, string jlsDir, int n, bool quiet)
    {
        var done = Path.Combine(Path.GetDirectoryName(rawDir)!, "complete");
        if (File.Exists(done))
        {
            return;
        }

        Directory.CreateDirectory(rawDir);
        Directory.CreateDirectory(jlsDir);
        void Work(Action<int> report)
        {
            Parallel.For(0, n, z =>
            {
                var raw = Path.Combine(rawDir, $"slice{z:0000}.dcm");
                WriteSlice(raw, z, n);
                var psi = new ProcessStartInfo("gdcmconv") { RedirectStandardError = true, RedirectStandardOutput = true };
                foreach (var a in new[] { "--jpegls", raw, Path.Combine(jlsDir, $"slice{z:0000}.dcm") })
                {
                    psi.ArgumentList.Add(a);
                }

                using var p = Process.Start(psi)!;
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"gdcmconv --jpegls failed on {raw}: {p.StandardError.ReadToEnd()}");
                }

                report(z);
            });
        }

        if (quiet)
        {
            Work(_ => { });
        }
        else
        {
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"Generating {n} synthetic slices (once, cached)", maxValue: n);
                Work(_ => task.Increment(1));
            });
        }

        File.WriteAllText(done, "ok");
    }

    /// <summary>A synthetic abdomen slice (body, liver, spine, aorta, noise) written through <see cref="CtSeriesWriter"/>
    /// (explicit VR LE, int16 stored, intercept -1024). Instance numbers run backwards so sorting by position is exercised.</summary>
    private static void WriteSlice(string path, int z, int n)
    {
        var rnd = new Random(z);
        var stored = new short[Size * Size];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var mx = (x - Size / 2.0) * 0.7;
                var my = (y - Size / 2.0) * 0.7;
                var body = (mx / 160) * (mx / 160) + (my / 120) * (my / 120);
                double hu = body > 1 ? -1000 : body > 0.8 ? -100
                    : (mx * mx) + ((my - 60) * (my - 60)) < 400 ? 700
                    : ((mx - 15) * (mx - 15)) + ((my - 25) * (my - 25)) < 144 ? 165
                    : ((mx + 75) / 55 * (mx + 75) / 55) + ((my + 5) / 60 * (my + 5) / 60) < 1 ? 110 : 50;
                stored[y * Size + x] = (short)Math.Clamp(hu + 1024 + rnd.Next(-12, 13), 0, 4095);
            }
        }

        CtSeriesWriter.WriteSlice(path, BenchHeader, stored, Size, Size, new Vec3(0.7, 0.7, 1.25), new Vec3(-179.2, -179.2, -300 + z * 1.25), n - z);
    }

    private sealed record BenchRow(string Reader, int Threads, double? MsPerSlice, double? ScanMsPerSlice, double? AllocatedOverHu, double? PeakOverHu, string? Note);

    private sealed record BenchSummary(int Columns, int Rows, int Slices, long HuVolumeBytes, int Cores, IReadOnlyList<BenchRow> Results, double? PydicomOverOursOneThread, string Note);
}
