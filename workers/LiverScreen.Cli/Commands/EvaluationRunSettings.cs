using LiverScreen.Phantoms;

namespace LiverScreen.Cli.Commands;

/// <summary>What one harness run does.</summary>
/// <param name="Cohorts">The cohorts (preset, size, seed).</param>
/// <param name="MaxStudies">Caps every cohort at this many studies (its first ones), for smaller runs.</param>
/// <param name="Shape">A fixed acquisition (matrix, slices, thickness) or null for the preset's random one.</param>
/// <param name="WorkDir">Cohort work folders (truth, results, temporary chunks).</param>
/// <param name="OutDir">Where the report goes.</param>
/// <param name="Chunk">Studies per screening batch (what a stop can lose).</param>
/// <param name="KeepWork">Keep each chunk's DICOM and pipeline store (for debugging).</param>
/// <param name="CommandLine">The command line to print as "reproduce with".</param>
/// <param name="EvaluateOnly">Draw and screen nothing: evaluate the studies already screened under <paramref name="WorkDir"/>
/// (e.g. a long run stopped at a deadline).</param>
public sealed record EvaluationRunSettings(IReadOnlyList<CohortSpec> Cohorts, int? MaxStudies, AcquisitionOverride? Shape, string WorkDir, string OutDir, int Chunk, bool KeepWork, string CommandLine, bool EvaluateOnly = false);
