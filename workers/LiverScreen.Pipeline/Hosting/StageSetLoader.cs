using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace LiverScreen.Pipeline.Hosting;

/// <summary>
/// Loads an <see cref="IStageSet"/> from the assembly file named by Pipeline:StageSetAssembly (environment
/// Pipeline__StageSetAssembly). Nothing in the production code paths names such an assembly: it is a test seam that a
/// test sets on the worker processes it starts.
/// </summary>
public static class StageSetLoader
{
    public const string ConfigurationKey = "Pipeline:StageSetAssembly";

    public static void Register(IServiceCollection services, string? assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (string.IsNullOrWhiteSpace(assemblyPath))
        {
            return;
        }

        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"{ConfigurationKey}: no stage-set assembly at '{full}'.", full);
        }

        var assembly = Assembly.LoadFrom(full);
        var types = assembly.GetExportedTypes().Where(t => typeof(IStageSet).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToList();
        if (types.Count != 1)
        {
            throw new InvalidOperationException($"{ConfigurationKey}: '{full}' must export exactly one IStageSet, found {types.Count}.");
        }

        ((IStageSet)Activator.CreateInstance(types[0])!).Register(services);
    }
}
