using System.CommandLine;
using System.Reflection;

namespace LiverScreen.Cli.Tests;

/// <summary>Every command (found by reflection: each static class in LiverScreen.Cli.Commands with a public static
/// Create() returning a Command, and their subcommands) answers --help with exit code 0, names itself and every one of
/// its options, and describes each option (no option without help text).</summary>
public sealed class When_help_is_asked_for
{
    public static TheoryData<string> Commands()
    {
        var data = new TheoryData<string>();
        foreach (var (path, _) in AllCommands())
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Should_parse_and_name_every_option(string path)
    {
        var (_, command) = AllCommands().Single(c => c.Path == path);
        var root = RootFor(path, command);
        using var output = new StringWriter();
        var args = path.Split(' ').Append("--help").ToArray();
        var parse = root.Parse(args);
        Assert.Empty(parse.Errors);
        var code = parse.Invoke(new InvocationConfiguration { Output = output, Error = output });
        var text = output.ToString();
        Assert.Equal(0, code);
        Assert.Contains(command.Name, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(command.Description), $"{path} has no description");
        foreach (var option in command.Options.Where(o => !o.Hidden && o.Name is not "--help" and not "-h" and not "-?" and not "--version"))
        {
            Assert.Contains(option.Name, text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{path} {option.Name} has no description");
        }
    }

    [Fact]
    public void Should_find_the_screening_commands()
    {
        var paths = AllCommands().Select(c => c.Path).ToHashSet();
        Assert.Contains("screen", paths);
        Assert.Contains("demo", paths);
        Assert.Contains("bench pipeline", paths);
    }

    private static RootCommand RootFor(string path, Command command)
    {
        var root = new RootCommand("test root");
        var top = path.Split(' ')[0];
        root.Subcommands.Add(top == command.Name ? command : TopLevel().Single(c => c.Name == top));
        return root;
    }

    private static List<Command> TopLevel() =>
        typeof(LiverScreen.Cli.Commands.ScreenCommand).Assembly.GetTypes()
            .Where(t => t.Namespace == "LiverScreen.Cli.Commands" && t.IsAbstract && t.IsSealed)
            .Select(t => t.GetMethod("Create", BindingFlags.Public | BindingFlags.Static, Type.EmptyTypes))
            .Where(m => m is not null && m.ReturnType == typeof(Command))
            .Select(m => (Command)m!.Invoke(null, null)!)
            .Where(c => !c.Parents.Any())
            .ToList();

    private static List<(string Path, Command Command)> AllCommands()
    {
        // A bench subcommand is also created on its own by its XBench.Create(); keep the one under "bench".
        var top = TopLevel();
        var bench = top.FirstOrDefault(c => c.Name == "bench");
        var benchNames = bench?.Subcommands.Select(s => s.Name).ToHashSet() ?? [];
        var list = new List<(string, Command)>();
        foreach (var c in top.Where(c => !(benchNames.Contains(c.Name) && c != bench)))
        {
            Walk(c.Name, c, list);
        }

        return list;
    }

    private static void Walk(string path, Command c, List<(string, Command)> list)
    {
        list.Add((path, c));
        foreach (var s in c.Subcommands)
        {
            Walk(path + " " + s.Name, s, list);
        }
    }
}
