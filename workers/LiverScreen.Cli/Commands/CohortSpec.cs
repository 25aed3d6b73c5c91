using System.Globalization;
using LiverScreen.Phantoms;

namespace LiverScreen.Cli.Commands;

/// <summary>
/// One held-out phantom cohort of the evaluation harness: preset, number of studies, seed. Parsed from
/// "diagnosis:200" or "diagnosis:200@7100". Default seeds were never used in training (the training export used 1000
/// for train and 9000 for validation; models/training/train_all.sh): diagnosis 7100, screening 7200, mixed 7300.
/// </summary>
public sealed record CohortSpec(PhantomPreset Preset, int Studies, int Seed)
{
    /// <summary>Seeds the training export used; a cohort on one of them would not be held out.</summary>
    public static IReadOnlySet<int> TrainingSeeds { get; } = new HashSet<int> { 1000, 9000 };

    public static int DefaultSeed(PhantomPreset preset) => preset switch
    {
        PhantomPreset.Diagnosis => 7100,
        PhantomPreset.Screening => 7200,
        _ => 7300,
    };

    /// <summary>Parses a comma-separated list; the exception names the bad item and why.</summary>
    public static IReadOnlyList<CohortSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var specs = new List<CohortSpec>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = raw.Split('@');
            var parts = at[0].Split(':');
            if (parts.Length != 2 || at.Length > 2
                || !Enum.TryParse<PhantomPreset>(parts[0], ignoreCase: true, out var preset) || !Enum.IsDefined(preset)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var studies) || studies <= 0)
            {
                throw new FormatException($"--cohort item '{raw}' is not PRESET:STUDIES[@SEED] (preset diagnosis, screening or mixed; studies > 0).");
            }

            var seed = DefaultSeed(preset);
            if (at.Length == 2 && !int.TryParse(at[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            {
                throw new FormatException($"--cohort item '{raw}': seed '{at[1]}' is not an integer.");
            }

            if (TrainingSeeds.Contains(seed))
            {
                throw new FormatException($"--cohort item '{raw}': seed {seed} was used by the training export; choose a held-out seed.");
            }

            specs.Add(new CohortSpec(preset, studies, seed));
        }

        if (specs.Count == 0)
        {
            throw new FormatException("--cohort lists no cohort (e.g. diagnosis:200,screening:500).");
        }

        if (specs.GroupBy(s => (s.Preset, s.Seed)).Any(g => g.Count() > 1))
        {
            throw new FormatException("--cohort lists the same preset and seed twice.");
        }

        return specs;
    }

    /// <summary>Parses "MATRIXxSLICESxTHICKNESS" (e.g. 256x48x5) into a fixed acquisition; null text keeps the preset's
    /// random acquisition (matrix 512/384/256, 1-5 mm slices).</summary>
    public static AcquisitionOverride? ParseShape(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var p = text.Split('x');
        if (p.Length != 3
            || !int.TryParse(p[0], NumberStyles.None, CultureInfo.InvariantCulture, out var matrix) || matrix is < 64 or > 1024
            || !int.TryParse(p[1], NumberStyles.None, CultureInfo.InvariantCulture, out var slices) || slices is < 4 or > 400
            || !double.TryParse(p[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var thickness) || thickness is <= 0 or > 10)
        {
            throw new FormatException($"--shape '{text}' is not MATRIXxSLICESxTHICKNESS (e.g. 256x48x5: matrix 64-1024, 4-400 slices, thickness in mm up to 10).");
        }

        return new AcquisitionOverride(matrix, slices, thickness, AllPhases: false);
    }

    /// <summary>The cohort's work folder name: preset, seed and acquisition, so different shapes never share results
    /// (study i of a seed keeps its UID whatever the shape).</summary>
    public string FolderName(AcquisitionOverride? shape) =>
        string.Create(CultureInfo.InvariantCulture, $"{Preset.ToString().ToLowerInvariant()}-seed{Seed}-")
        + (shape is null ? "natural" : string.Create(CultureInfo.InvariantCulture, $"{shape.Matrix}x{shape.Slices}x{shape.ThicknessMm:0.##}"));
}
