namespace LiverScreen.Inference.Registry;

/// <summary>What a scan of the models folder found: usable entries, and each card that could not be used and why.</summary>
public sealed record ModelScan(string Root, IReadOnlyList<ModelEntry> Models, IReadOnlyList<string> Problems);
