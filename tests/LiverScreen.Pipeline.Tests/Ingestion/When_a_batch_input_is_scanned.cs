using LiverScreen.Functions.Ingestion;

namespace LiverScreen.Pipeline.Tests.Ingestion;

public sealed class When_a_batch_input_is_scanned : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "liverscreen-scan-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public void Should_make_each_subfolder_with_files_one_study()
    {
        Touch("in/b-study/series1/IM1");
        Touch("in/a-study/IM1");
        Directory.CreateDirectory(Path.Combine(_root, "in", "empty"));

        var id = Guid.NewGuid();
        var plan = BatchPlanner.Plan(Path.Combine(_root, "in"), null, id);

        Assert.Equal("in", plan.Name);
        Assert.Equal(["a-study", "b-study"], plan.Studies.Select(s => s.StudyKey));
        Assert.All(plan.Studies, s => Assert.Equal(id, s.BatchId));
        Assert.Equal(Path.Combine(_root, "in", "a-study"), plan.Studies[0].SourceKey);
    }

    [Fact]
    public void Should_read_a_manifest_with_comments_relative_paths_and_duplicate_names()
    {
        Touch("x/study/IM1");
        Touch("y/study/IM1");
        var manifest = Path.Combine(_root, "batch.txt");
        File.WriteAllLines(manifest, ["# two sites", "x/study", "", "y/study", Path.Combine(_root, "missing")]);

        var sources = StudySourceScanner.Scan(manifest);

        Assert.Equal(["study", "study-2", "missing"], sources.Select(s => s.StudyKey));
        Assert.Equal(Path.Combine(_root, "y", "study"), sources[1].Folder);
    }

    [Fact]
    public void Should_name_the_input_when_it_does_not_exist()
    {
        var missing = Path.Combine(_root, "nope");
        var ex = Assert.Throws<DirectoryNotFoundException>(() => StudySourceScanner.Scan(missing));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void Touch(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}
