using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Builds the generic host every pipeline command runs in. Configuration: appsettings.json, then environment variables
/// (Transport__Kind, Storage__LocalRoot, Database__ConnectionString, Pipeline__RetryLimit, ...; see docs/pipeline.md);
/// keys left unset default to files under the work folder.
/// </summary>
public static class PipelineHost
{
    public static IHost Build(PipelineHostSettings settings, Action<IServiceCollection>? configureStages = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var work = Path.GetFullPath(settings.WorkDirectory);
        Directory.CreateDirectory(work);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], ContentRootPath = AppContext.BaseDirectory });
        if (settings.Configuration is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings.Configuration);
        }

        var defaults = new Dictionary<string, string?>
        {
            ["Storage:LocalRoot"] = Path.Combine(work, "store"),
            ["Database:ConnectionString"] = "Data Source=" + Path.Combine(work, "liverscreen.db"),
        };
        var missing = defaults.Where(kv => string.IsNullOrEmpty(builder.Configuration[kv.Key])).ToDictionary(kv => kv.Key, kv => kv.Value);
        builder.Configuration.AddInMemoryCollection(missing);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(settings.ConsoleLogLevel);

        configureStages?.Invoke(builder.Services);
        builder.Services.AddDefaultStageImplementations();
        builder.Services.AddLiverScreenPipeline(builder.Configuration, settings.Selection);
        return builder.Build();
    }
}
