namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// Hook for each flagged lesion's key-slice picture in the report: returns PNG bytes, or null when no picture can be
/// made. The real renderer (Imaging/Rendering's PNG encoder over the aligned reference volume) is wired by the lead;
/// until then <see cref="NoKeySliceRenderer"/> leaves the pictures out.
/// </summary>
public interface IKeySliceRenderer
{
    Task<byte[]?> RenderPngAsync(KeySliceRequest request, CancellationToken cancellationToken);
}
