using System.Text.Json;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Rendering;
using LiverScreen.Pipeline.Stages;
using LiverScreen.Pipeline.Stages.Real;
using LiverScreen.Storage;

namespace LiverScreen.Pipeline.Reports;

/// <summary>
/// A flagged lesion's key slice for the report: the aligned reference phase (the grid lesion coordinates refer to) in
/// the abdominal window (level 40, width 400 HU), zoomed 2x, with the segmentation's lesion outlines in red and a yellow
/// ring of the lesion's longest axial diameter around its centre. Returns null when the study's aligned volume is gone.
/// </summary>
public sealed class AlignedKeySliceRenderer(IObjectStore store) : IKeySliceRenderer
{
    private const int Zoom = 2;

    public async Task<byte[]?> RenderPngAsync(KeySliceRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var lesion = request.Lesion;
        var alignmentKey = PhaseAlignStage.AlignmentKey(request.BatchId, request.StudyKey);
        if (lesion.KeySlice is not int z || !await store.ExistsAsync(alignmentKey, cancellationToken))
        {
            return null;
        }

        var alignment = JsonSerializer.Deserialize<AlignmentDocument>(await StageStore.GetTextAsync(store, alignmentKey, cancellationToken), PipelineJson.Options);
        if (alignment is null)
        {
            return null;
        }

        var volumeKey = PhaseAlignStage.VolumeKey(request.BatchId, request.StudyKey, alignment.ReferencePhase);
        if (!await store.ExistsAsync(volumeKey, cancellationToken))
        {
            return null;
        }

        var hu = await StageStore.GetVolumeAsync<short>(store, volumeKey, cancellationToken);
        if (z < 0 || z >= hu.Size.Z)
        {
            return null;
        }

        var slice = new float[hu.Size.SliceVoxels];
        var src = hu.Slice(z);
        for (var i = 0; i < slice.Length; i++)
        {
            slice[i] = src[i];
        }

        var oneSlice = new Volume<float>(hu.Geometry with { Size = new Size3(hu.Size.X, hu.Size.Y, 1) }, slice);
        var image = SliceRenderer.Window(oneSlice, 0, zoom: Zoom);
        var labelsKey = StageKeys.ForStage(request.BatchId, request.StudyKey, StageName.Segment, "labels.lsvol");
        if (await store.ExistsAsync(labelsKey, cancellationToken))
        {
            var labels = await StageStore.GetVolumeAsync<byte>(store, labelsKey, cancellationToken);
            if (labels.Size == hu.Size)
            {
                SliceRenderer.Outline(image, labels, z, l => l is >= 2 and <= 7, (230, 40, 40), Zoom);
            }
        }

        var c = hu.Geometry.LpsToIndex(new Vec3(lesion.CenterX, lesion.CenterY, lesion.CenterZ));
        var radiusPx = Math.Max(4, lesion.DiameterMm / 2 / hu.Geometry.Spacing.X * Zoom + 3);
        Ring(image, (c.X + 0.5) * Zoom, (c.Y + 0.5) * Zoom, radiusPx, (250, 210, 40));
        return image.ToPng();
    }

    private static void Ring(RgbImage image, double cx, double cy, double r, (byte R, byte G, byte B) colour)
    {
        var steps = Math.Max(32, (int)(r * 8));
        for (var k = 0; k < steps; k++)
        {
            var a = 2 * Math.PI * k / steps;
            var x = (int)Math.Round(cx + r * Math.Cos(a));
            var y = (int)Math.Round(cy + r * Math.Sin(a));
            if (x >= 0 && y >= 0 && x < image.Width && y < image.Height)
            {
                image.Set(x, y, colour);
            }
        }
    }
}
