using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>How a CLI command wants its pipeline host: a work folder (default home of the local store and the SQLite
/// file, unless configuration says otherwise), the components to host, and how much to log to the console.</summary>
public sealed record PipelineHostSettings(string WorkDirectory, WorkerSelection Selection, LogLevel ConsoleLogLevel = LogLevel.Warning);
