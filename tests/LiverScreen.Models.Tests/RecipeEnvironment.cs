using LiverScreen.TestServers;

namespace LiverScreen.Models.Tests;

/// <summary>
/// Where the training recipe and its Python are. The recipe runs on /usr/bin/python3 with Debian's PyTorch 1.13
/// (docs/environment.md: python3-torch python3-onnx python3-numpy python3-scipy, installed by ./test);
/// LIVERSCREEN_PYTHON names another interpreter (e.g. PyTorch 2.x).
/// </summary>
internal static class RecipeEnvironment
{
    public const string PythonVariable = "LIVERSCREEN_PYTHON";

    private const string DebianPython = "/usr/bin/python3";
    private const string DebianPackages = "/usr/lib/python3/dist-packages";

    public static string Python =>
        Environment.GetEnvironmentVariable(PythonVariable) is { Length: > 0 } p ? p : DebianPython;

    public static string TrainingDir =>
        Path.Combine(TestEnvironment.RepoRoot ?? throw new InvalidOperationException("LiverScreen.sln not found above the test binaries; set LIVERSCREEN_HOME."),
            "models", "training");

    /// <summary>
    /// Whether the recipe can run here, decided without starting Python (importing torch costs seconds): the
    /// interpreter exists and, for Debian's, its torch, onnx, numpy and scipy packages are installed.
    /// </summary>
    public static bool IsAvailable(bool needsTorch, out string reason)
    {
        reason = string.Empty;
        if (TestEnvironment.RepoRoot is null)
            reason = "the repository (LiverScreen.sln) is not above the test binaries and LIVERSCREEN_HOME is not set";
        else if (!File.Exists(Python))
            reason = $"{Python} does not exist";
        else if (Python == DebianPython)
        {
            var wanted = needsTorch ? new[] { "torch", "onnx", "numpy", "scipy" } : ["numpy", "scipy"];
            var missing = wanted.Where(m => !Directory.Exists(Path.Combine(DebianPackages, m))).ToArray();
            if (missing.Length > 0)
                reason = $"{DebianPython} lacks {string.Join(", ", missing)} (apt-get install python3-torch python3-onnx python3-numpy python3-scipy; ./test installs them) and {PythonVariable} is not set";
        }

        return reason.Length == 0;
    }
}
