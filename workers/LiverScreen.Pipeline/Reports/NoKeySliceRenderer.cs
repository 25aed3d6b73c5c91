namespace LiverScreen.Pipeline.Reports;

/// <summary>The default until a PNG renderer is wired: no pictures; the HTML page says so next to each lesion.</summary>
public sealed class NoKeySliceRenderer : IKeySliceRenderer
{
    public Task<byte[]?> RenderPngAsync(KeySliceRequest request, CancellationToken cancellationToken) => Task.FromResult<byte[]?>(null);
}
