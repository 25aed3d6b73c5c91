using LiverScreen.Inference.Runtime;

namespace LiverScreen.Inference.Tests;

/// <summary>Where the committed test models are, and one engine shared by the tests (ORT's environment is per process).</summary>
internal static class TestModels
{
    private static readonly Lazy<OrtInferenceEngine> LazyEngine = new(() => new OrtInferenceEngine(OrtRuntime.Default));

    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string TinySeg => Path.Combine(Root, "tiny-seg");

    public static string Pointwise => Path.Combine(Root, "pointwise");

    public static OrtInferenceEngine Engine => LazyEngine.Value;

    public static InferenceOptions TwoThreads => new() { IntraOpThreads = 2 };

    /// <summary>Copies a test model folder to a fresh temp folder so a test can damage it.</summary>
    public static string CopyToTemp(string folder)
    {
        var target = Directory.CreateTempSubdirectory("ls-inference-").FullName;
        var dest = Path.Combine(target, Path.GetFileName(folder));
        Directory.CreateDirectory(dest);
        foreach (var file in Directory.GetFiles(folder))
        {
            File.Copy(file, Path.Combine(dest, Path.GetFileName(file)));
        }

        return dest;
    }
}
