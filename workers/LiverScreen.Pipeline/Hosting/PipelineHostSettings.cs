using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>How a CLI command wants its pipeline host: a work folder (default home of the local store and the SQLite
/// file, unless configuration says otherwise), the components to host, how much to log to the console, and settings that
/// override appsettings.json and the environment ("Transport:Kind" style keys; the distributed benchmark points its
/// host at the servers it started this way).</summary>
public sealed record PipelineHostSettings(string WorkDirectory, WorkerSelection Selection, LogLevel ConsoleLogLevel = LogLevel.Warning,
    IReadOnlyDictionary<string, string?>? Configuration = null);
