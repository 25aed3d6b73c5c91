using System.Collections.Concurrent;
using LiverScreen.Inference.Cards;
using LiverScreen.Inference.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LiverScreen.Inference.Registry;

/// <summary>
/// Models under a folder: <c>&lt;root&gt;/&lt;name&gt;/model.json</c> beside <c>model.onnx</c> (also
/// <c>&lt;root&gt;/&lt;name&gt;/&lt;version&gt;/</c>). Sessions are created on first <see cref="Load"/> and shared; a card
/// mismatch is not cached, so a fixed model loads on the next call.
/// </summary>
public sealed class ModelRegistry : IModelRegistry
{
    private readonly IInferenceEngine _engine;
    private readonly InferenceOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Name, string Version), Lazy<LoadedModel>> _loaded = new();
    private readonly Lazy<ModelScan> _scan;
    private bool _disposed;

    public ModelRegistry(string root, IInferenceEngine engine, InferenceOptions options, ILogger<ModelRegistry>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        Root = Path.GetFullPath(root);
        _engine = engine;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _scan = new Lazy<ModelScan>(() =>
        {
            var scan = Scan(Root);
            foreach (var problem in scan.Problems)
            {
                Log.CardSkipped(_logger, Root, problem);
            }

            return scan;
        });
    }

    public string Root { get; }

    /// <summary>The checkout's models folder: $LIVERSCREEN_HOME/models, else the nearest models/ beside a LiverScreen.sln above the program.</summary>
    public static string? FindDefaultRoot()
    {
        var home = Environment.GetEnvironmentVariable("LIVERSCREEN_HOME");
        if (!string.IsNullOrWhiteSpace(home))
        {
            return Path.Combine(home, "models");
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiverScreen.sln")))
            {
                return Path.Combine(dir.FullName, "models");
            }
        }

        return null;
    }

    /// <summary>Reads every card under <paramref name="root"/> (no sessions, no hashing).</summary>
    public static ModelScan Scan(string root)
    {
        var models = new List<ModelEntry>();
        var problems = new List<string>();
        if (!Directory.Exists(root))
        {
            return new ModelScan(root, models, [$"models folder {root} does not exist"]);
        }

        var cards = Directory.EnumerateFiles(root, ModelCards.CardFileName, new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 2 })
            .Order(StringComparer.Ordinal);
        foreach (var cardPath in cards)
        {
            var dir = Path.GetDirectoryName(cardPath)!;
            try
            {
                var card = ModelCards.Load(cardPath);
                if (!File.Exists(Path.Combine(dir, ModelCards.ModelFileName)))
                {
                    problems.Add($"{cardPath}: no {ModelCards.ModelFileName} beside it");
                    continue;
                }

                if (models.Any(m => m.Card.Name == card.Name && m.Card.Version == card.Version))
                {
                    problems.Add($"{cardPath}: {card.Name} {card.Version} is already defined elsewhere; ignored");
                    continue;
                }

                models.Add(new ModelEntry(card, dir));
            }
            catch (ModelCardException e)
            {
                problems.Add(e.Message);
            }
        }

        return new ModelScan(root, models, problems);
    }

    public IReadOnlyList<ModelEntry> List() => _scan.Value.Models;

    /// <summary>Problems found while scanning (cards skipped by <see cref="List"/>).</summary>
    public IReadOnlyList<string> ScanProblems => _scan.Value.Problems;

    public LoadedModel Load(string name, string? version = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var candidates = List().Where(m => m.Card.Name == name).ToList();
        if (candidates.Count == 0)
        {
            throw new KeyNotFoundException(
                $"No model named '{name}' under {Root}; available: {string.Join(", ", List().Select(m => $"{m.Card.Name} {m.Card.Version}").DefaultIfEmpty("none"))}.");
        }

        var entry = version is null
            ? candidates.OrderByDescending(m => m.Card.Version, VersionComparer.Instance).First()
            : candidates.FirstOrDefault(m => m.Card.Version == version)
              ?? throw new KeyNotFoundException($"Model '{name}' has no version '{version}' under {Root}; versions: {string.Join(", ", candidates.Select(c => c.Card.Version))}.");

        var key = (entry.Card.Name, entry.Card.Version);
        var lazy = _loaded.GetOrAdd(key, _ => new Lazy<LoadedModel>(() => LoadEntry(entry), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _loaded.TryRemove(new KeyValuePair<(string, string), Lazy<LoadedModel>>(key, lazy));
            throw;
        }
    }

    /// <summary>Loads and verifies one entry into a new session owned by the caller (the registry's Load shares instead).</summary>
    public static LoadedModel LoadEntry(ModelEntry entry, IInferenceEngine engine, InferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(engine);
        var sha = ModelCards.ComputeSha256(entry.ModelPath);
        if (!string.Equals(sha, entry.Card.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Refuse before ORT parses a file that is not the one the card describes.
            throw new ModelCardException(entry.CardPath, $"does not match {entry.ModelPath}",
                [$"sha256 is {entry.Card.Sha256} on the card but {sha} for {ModelCards.ModelFileName}"]);
        }

        var session = engine.CreateSession(entry.ModelPath, options);
        var problems = ModelCards.Verify(entry.Card, sha, session.Inputs, session.Outputs);
        if (problems.Count > 0)
        {
            session.Dispose();
            throw new ModelCardException(entry.CardPath, $"does not match {entry.ModelPath}", problems);
        }

        return new LoadedModel(entry.Card, entry.Card.Ref, session, entry.Directory);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var lazy in _loaded.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Session.Dispose();
            }
        }

        _loaded.Clear();
    }

    private LoadedModel LoadEntry(ModelEntry entry)
    {
        var loaded = LoadEntry(entry, _engine, _options);
        Log.ModelLoaded(_logger, entry.Card.Name, entry.Card.Version, entry.Directory, entry.Card.Sha256);
        return loaded;
    }
}
