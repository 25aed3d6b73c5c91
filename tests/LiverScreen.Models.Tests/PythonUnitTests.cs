using System.Text.RegularExpressions;
using LiverScreen.LocalServers;
using LiverScreen.TestServers;

namespace LiverScreen.Models.Tests;

/// <summary>The recipe's own Python unit checks (models/training/tests/test_units.py: windowing, phase dropout,
/// seg2det, metrics, lesion-shuffle schemes, validation candidates), run by unittest so CI sees every one.</summary>
public sealed partial class PythonUnitTests
{
    [RecipeFact(needsTorch: false)]
    public async Task Recipe_unit_checks_pass_under_unittest()
    {
        var dir = Directory.CreateTempSubdirectory("ls-recipe-units-").FullName;
        var log = Path.Combine(dir, "unittest.log");
        var (code, text) = await ProcessTools.RunAsync(RecipeEnvironment.Python,
            ["-m", "unittest", "discover", "-s", Path.Combine(RecipeEnvironment.TrainingDir, "tests"), "-p", "test_*.py", "-v"],
            log, TimeSpan.FromMinutes(3));

        Assert.True(code == 0, $"python -m unittest failed (exit {code}):\n{text}");
        var ran = RanCount().Match(text);
        Assert.True(ran.Success, $"no 'Ran N tests' line:\n{text}");
        // discovery finding nothing also exits 0 ("Ran 0 tests ... OK" / NO TESTS RAN): require the known checks
        Assert.True(int.Parse(ran.Groups[1].Value) >= 8, $"only {ran.Groups[1].Value} unit checks ran:\n{text}");
        Assert.DoesNotContain("skipped", text, StringComparison.OrdinalIgnoreCase);
        Directory.Delete(dir, recursive: true);
    }

    [GeneratedRegex(@"Ran (\d+) tests?")]
    private static partial Regex RanCount();
}
