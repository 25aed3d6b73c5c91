namespace LiverScreen.Contracts;

/// <summary>Identifies the exact model file that produced a result (name, version, sha256 of model.onnx).</summary>
public sealed record ModelRef(string Name, string Version, string Sha256);
