using LiverScreen.Contracts;

namespace LiverScreen.Pipeline.Reports;

/// <summary>A flagged lesion as the worklist and the HTML page show it. <paramref name="KeySlicePngDataUri"/> is a
/// "data:image/png;base64,..." image of the key slice when an <see cref="IKeySliceRenderer"/> is wired, else null.</summary>
public sealed record WorklistLesion(int Index, LesionType Type, double DiameterMm, double VolumeMl, double Confidence, int? KeySlice, string? KeySlicePngDataUri);
