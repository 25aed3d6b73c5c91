namespace LiverScreen.TestServers;

/// <summary>
/// A fact that needs real servers. xunit 2 has no dynamic skip, so the decision is made here, when tests are
/// discovered: if a server can be neither started locally nor found through its LIVERSCREEN_TEST_* variable, the test
/// is skipped with the reason — except under CI=true, where it runs and fails at its fixture, so CI can never pass
/// by skipping.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ServerFactAttribute : FactAttribute
{
    public ServerFactAttribute(params ServerKind[] servers)
    {
        Servers = servers;
        if (TestEnvironment.IsCi)
            return;
        var missing = servers
            .Select(s => TestEnvironment.IsAvailable(s, out var reason) ? null : $"{s}: {reason}")
            .Where(r => r is not null)
            .ToArray();
        if (missing.Length > 0)
            Skip = "Server not available here (" + string.Join("; ", missing) + "). Under CI=true this test fails instead.";
    }

    public IReadOnlyList<ServerKind> Servers { get; }
}
