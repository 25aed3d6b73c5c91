using System.Globalization;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Scanning;

/// <summary>
/// Pure layout of a series from its headers. Slices are ordered by d = n . IPP where n = row x column direction
/// (the slice normal from ImageOrientationPatient): never by InstanceNumber or file name. The k axis of the volume
/// points along increasing d. Z spacing is the median step of d (true spacing from positions, not SliceThickness).
/// </summary>
public static class SliceStacker
{
    /// <summary>Positions closer than this along the normal (mm) are the same position.</summary>
    public const double DuplicateToleranceMm = 0.01;

    /// <summary>A step more than this fraction away from the median step is uneven.</summary>
    public const double UnevenFraction = 0.1;

    /// <summary>A step at least this multiple of the median step is a gap (missing slices).</summary>
    public const double GapFactor = 1.5;

    /// <summary>Angle (degrees) between slice normal and position progression above which the gantry is tilted.</summary>
    public const double TiltToleranceDegrees = 0.5;

    /// <summary>Lays out <paramref name="instances"/> (one series, all with position and orientation).</summary>
    public static SeriesLayout Layout(IReadOnlyList<DicomHeader> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0)
        {
            throw new ArgumentException("A series needs at least one instance.", nameof(instances));
        }

        var warnings = new List<GeometryWarning>();
        var excluded = new List<DicomProblem>();

        // Keep the majority orientation and the majority frame size; report the rest.
        var kept = Majority(instances, h => OrientationKey(h), GeometryWarningKind.MixedOrientation, "orientation", warnings, excluded);
        kept = Majority(kept, h => FormattableString.Invariant($"{h.Columns}x{h.Rows} @ {h.PixelSpacing?.X:0.###}x{h.PixelSpacing?.Y:0.###} mm"), GeometryWarningKind.MixedSizes, "size", warnings, excluded);

        var first = kept[0];
        var row = first.RowDirection!.Value.Normalized();
        var col = first.ColumnDirection!.Value.Normalized();
        var normal = row.Cross(col).Normalized();

        var ordered = kept
            .Select(h => (Header: h, D: normal.Dot(h.ImagePosition!.Value)))
            .OrderBy(t => t.D)
            .ThenBy(t => t.Header.FilePath, StringComparer.Ordinal)
            .ToList();

        // Duplicate positions: keep the first at each position (ordered by file path, so the choice is deterministic).
        var slices = new List<(DicomHeader Header, double D)> { ordered[0] };
        var duplicates = 0;
        for (var i = 1; i < ordered.Count; i++)
        {
            if (Math.Abs(ordered[i].D - slices[^1].D) < DuplicateToleranceMm)
            {
                duplicates++;
                excluded.Add(new DicomProblem(ProblemKind.Dropped, ordered[i].Header.FilePath,
                    FormattableString.Invariant($"duplicate position {ordered[i].D:0.###} mm along the slice normal (same as {Path.GetFileName(slices[^1].Header.FilePath)})"),
                    first.StudyInstanceUid, first.SeriesInstanceUid));
                continue;
            }

            slices.Add(ordered[i]);
        }

        if (duplicates > 0)
        {
            warnings.Add(new GeometryWarning(GeometryWarningKind.DuplicatePositions,
                $"{duplicates} instance(s) share a position with another; kept the first at each position"));
        }

        var spacingX = first.PixelSpacing?.X ?? 1.0;
        var spacingY = first.PixelSpacing?.Y ?? 1.0;
        var dz = 1.0;
        var kAxis = normal;
        var tilt = 0.0;
        if (slices.Count >= 2)
        {
            var steps = new double[slices.Count - 1];
            for (var i = 0; i < steps.Length; i++)
            {
                steps[i] = slices[i + 1].D - slices[i].D;
            }

            var median = Median(steps);
            var gaps = 0;
            var missing = 0;
            var uneven = 0;
            foreach (var s in steps)
            {
                if (s >= GapFactor * median)
                {
                    gaps++;
                    missing += (int)Math.Round(s / median) - 1;
                }
                else if (Math.Abs(s - median) > UnevenFraction * median)
                {
                    uneven++;
                }
            }

            if (gaps > 0)
            {
                warnings.Add(new GeometryWarning(GeometryWarningKind.MissingSlices, FormattableString.Invariant(
                    $"{gaps} gap(s) in the slice positions, about {missing} slice(s) missing (median step {median:0.###} mm, largest {steps.Max():0.###} mm)")));
            }

            if (uneven > 0)
            {
                warnings.Add(new GeometryWarning(GeometryWarningKind.UnevenSpacing, FormattableString.Invariant(
                    $"{uneven} slice step(s) differ from the median {median:0.###} mm by more than {UnevenFraction:P0} (range {steps.Min():0.###}-{steps.Max():0.###} mm)")));
            }

            // Gantry tilt: positions advance along p, not along n. The volume's k axis is then p (a sheared grid),
            // and the Z spacing is the step along p, so IndexToLps still lands on every slice's IPP.
            var progression = slices[^1].Header.ImagePosition!.Value - slices[0].Header.ImagePosition!.Value;
            var p = progression.Normalized();
            tilt = Math.Acos(Math.Clamp(p.Dot(normal), -1, 1)) * 180 / Math.PI;
            if (tilt > TiltToleranceDegrees)
            {
                warnings.Add(new GeometryWarning(GeometryWarningKind.GantryTilt, FormattableString.Invariant(
                    $"slice positions advance {tilt:0.##} degrees off the slice normal (gantry tilt); geometry uses the sheared k axis")));
                kAxis = p;
                dz = median / Math.Cos(tilt * Math.PI / 180);
            }
            else
            {
                dz = median;
            }
        }

        var geometry = new VolumeGeometry(
            new Size3(first.Columns, first.Rows, slices.Count),
            new Vec3(spacingX, spacingY, dz),
            slices[0].Header.ImagePosition!.Value,
            Mat3.FromColumns(row, col, kAxis));
        return new SeriesLayout(slices.Select(s => s.Header).ToList(), geometry, warnings, excluded, tilt);
    }

    private static string OrientationKey(DicomHeader h)
    {
        var r = h.RowDirection!.Value;
        var c = h.ColumnDirection!.Value;
        // Round to 1e-3 so float noise in the text does not split a series.
        return string.Create(CultureInfo.InvariantCulture, $"{r.X:0.000},{r.Y:0.000},{r.Z:0.000},{c.X:0.000},{c.Y:0.000},{c.Z:0.000}");
    }

    private static List<DicomHeader> Majority(IReadOnlyList<DicomHeader> items, Func<DicomHeader, string> key, GeometryWarningKind kind, string what, List<GeometryWarning> warnings, List<DicomProblem> excluded)
    {
        var groups = items.GroupBy(key).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (groups.Count == 1)
        {
            return groups[0].ToList();
        }

        var keep = groups[0];
        warnings.Add(new GeometryWarning(kind,
            $"mixed {what} in one series: {string.Join("; ", groups.Select(g => $"{g.Count()} x {g.Key}"))}; kept the {keep.Count()} with {keep.Key}"));
        foreach (var h in groups.Skip(1).SelectMany(g => g))
        {
            excluded.Add(new DicomProblem(ProblemKind.Dropped, h.FilePath, $"{what} {key(h)} differs from the series majority {keep.Key}", h.StudyInstanceUid, h.SeriesInstanceUid));
        }

        return keep.ToList();
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }
}
