using System.Buffers.Binary;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LiverScreen.Cli.Output;
using LiverScreen.Dicom.Loading;
using LiverScreen.Dicom.Scanning;
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

        var root = Path.Combine(Directory.GetCurrentDirectory(), ".work", "bench", $"dicom-{Size}x{Size}x{n}");
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

    /// <summary>A synthetic abdomen slice (body, liver, spine, aorta, noise), explicit VR LE, unsigned 12-bit stored, intercept -1024:
    /// the layout most scanners write. Instance numbers run backwards so sorting by position is exercised.</summary>
    private static void WriteSlice(string path, int z, int n)
    {
        var rnd = new Random(z);
        var pixels = new byte[Size * Size * 2];
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
                var stored = (ushort)Math.Clamp(hu + 1024 + rnd.Next(-12, 13), 0, 4095);
                BinaryPrimitives.WriteUInt16LittleEndian(pixels.AsSpan((y * Size + x) * 2), stored);
            }
        }

        var sop = $"1.2.826.0.1.3680043.9.7777.9.{z + 1}";
        using var ds = new MemoryStream();
        void Str(ushort g, ushort e, string vr, string v)
        {
            var b = Encoding.ASCII.GetBytes(v.Length % 2 == 1 ? v + (vr == "UI" ? "\0" : " ") : v);
            Header(ds, g, e, vr, b.Length);
            ds.Write(b);
        }

        void Us(ushort g, ushort e, ushort v)
        {
            Header(ds, g, e, "US", 2);
            ds.WriteByte((byte)v);
            ds.WriteByte((byte)(v >> 8));
        }

        Str(0x0008, 0x0008, "CS", "ORIGINAL\\PRIMARY\\AXIAL");
        Str(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2");
        Str(0x0008, 0x0018, "UI", sop);
        Str(0x0008, 0x0060, "CS", "CT");
        Str(0x0008, 0x103E, "LO", "BENCH SYNTHETIC");
        Str(0x0010, 0x0020, "LO", "BENCH");
        Str(0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.9.7777.9");
        Str(0x0020, 0x000E, "UI", "1.2.826.0.1.3680043.9.7777.9.1");
        Str(0x0020, 0x0013, "IS", (n - z).ToString(CultureInfo.InvariantCulture));
        Str(0x0020, 0x0032, "DS", string.Create(CultureInfo.InvariantCulture, $"-179.2\\-179.2\\{-300 + z * 1.25:0.##}"));
        Str(0x0020, 0x0037, "DS", "1\\0\\0\\0\\1\\0");
        Us(0x0028, 0x0002, 1);
        Str(0x0028, 0x0004, "CS", "MONOCHROME2");
        Us(0x0028, 0x0010, Size);
        Us(0x0028, 0x0011, Size);
        Str(0x0028, 0x0030, "DS", "0.7\\0.7");
        Us(0x0028, 0x0100, 16);
        Us(0x0028, 0x0101, 12);
        Us(0x0028, 0x0102, 11);
        Us(0x0028, 0x0103, 0);
        Str(0x0028, 0x1052, "DS", "-1024");
        Str(0x0028, 0x1053, "DS", "1");
        Header(ds, 0x7FE0, 0x0010, "OW", pixels.Length);
        ds.Write(pixels);

        using var meta = new MemoryStream();
        Header(meta, 0x0002, 0x0001, "OB", 2);
        meta.Write([0, 1]);
        foreach (var (e, v) in new[] { ((ushort)0x0002, "1.2.840.10008.5.1.4.1.1.2"), ((ushort)0x0003, sop), ((ushort)0x0010, "1.2.840.10008.1.2.1") })
        {
            var b = Encoding.ASCII.GetBytes(v.Length % 2 == 1 ? v + "\0" : v);
            Header(meta, 0x0002, e, "UI", b.Length);
            meta.Write(b);
        }

        using var file = File.Create(path);
        file.Write(new byte[128]);
        file.Write("DICM"u8);
        Header(file, 0x0002, 0x0000, "UL", 4);
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(len, (uint)meta.Length);
        file.Write(len);
        meta.Position = 0;
        meta.CopyTo(file);
        ds.Position = 0;
        ds.CopyTo(file);
    }

    private static void Header(Stream s, ushort g, ushort e, string vr, int length)
    {
        Span<byte> b = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(b, g);
        BinaryPrimitives.WriteUInt16LittleEndian(b[2..], e);
        Encoding.ASCII.GetBytes(vr, b[4..]);
        if (vr is "OB" or "OW")
        {
            b[6] = b[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(b[8..], (uint)length);
            s.Write(b);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b[6..], (ushort)length);
            s.Write(b[..8]);
        }
    }

    private sealed record BenchRow(string Reader, int Threads, double? MsPerSlice, double? ScanMsPerSlice, double? AllocatedOverHu, double? PeakOverHu, string? Note);

    private sealed record BenchSummary(int Columns, int Rows, int Slices, long HuVolumeBytes, int Cores, IReadOnlyList<BenchRow> Results, double? PydicomOverOursOneThread, string Note);
}
