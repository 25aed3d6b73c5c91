using LiverScreen.Contracts;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Segmentation;

/// <summary>
/// The liver ends under the diaphragm: going up from its widest axial slice to the dome, its cross-section only
/// shrinks. A "liver" (labels 1..7) whose cross-section shrinks to a waist and then widens again towards the top of
/// the scan has tissue above the diaphragm attached to it: on non-contrast CT the heart (blood about 40 HU) is close to
/// liver (55-65 HU), and the reference segmentation labels it liver right above the dome. Those slices make the
/// coverage check report a liver cut off at the top (a technical failure) and put lesion candidates in the heart.
/// <see cref="WaistIndex"/> finds such a waist and <see cref="Trim"/> removes the liver and lesion labels above it. An extension of paper 002 (its
/// cascade crops the liver with a multi-organ model that also segments the heart); measured in docs/detection.md.
/// </summary>
public static class LiverDome
{
    /// <summary>
    /// The superior-most slice to keep, counted from the superior end (0 = keep all): the waist, i.e. the slice of
    /// smallest liver cross-section between the superior end and the widest slice, when it is at most
    /// <paramref name="maxWaistRatio"/> of the widest slice above it; 0 when there is no such waist.
    /// </summary>
    /// <param name="areasSuperiorFirst">Liver-or-lesion voxels per axial slice, the superior-most slice first.</param>
    /// <param name="maxWaistRatio">How pronounced the waist must be (0..1): 0.75 needs the cross-section to fall by a
    /// quarter and rise again; 0 never trims.</param>
    public static int WaistIndex(IReadOnlyList<int> areasSuperiorFirst, double maxWaistRatio)
    {
        ArgumentNullException.ThrowIfNull(areasSuperiorFirst);
        if (areasSuperiorFirst.Count == 0 || maxWaistRatio <= 0)
        {
            return 0;
        }

        // The widest slice (the most superior one on ties): the waist is searched only above it.
        var peak = 0;
        for (var s = 1; s < areasSuperiorFirst.Count; s++)
        {
            if (areasSuperiorFirst[s] > areasSuperiorFirst[peak])
            {
                peak = s;
            }
        }

        // The narrowest slice above the peak (the one nearest the peak on ties: the trim removes as little as it can).
        var waist = peak;
        for (var s = peak - 1; s > 0; s--)
        {
            if (areasSuperiorFirst[s] < areasSuperiorFirst[waist])
            {
                waist = s;
            }
        }

        if (waist == 0 || waist == peak)
        {
            return 0;
        }

        var above = 0;
        for (var s = 0; s < waist; s++)
        {
            above = Math.Max(above, areasSuperiorFirst[s]);
        }

        return areasSuperiorFirst[waist] > 0 && areasSuperiorFirst[waist] <= maxWaistRatio * above ? waist : 0;
    }

    /// <summary>Liver-or-lesion voxels per axial slice of <paramref name="labels"/>, the superior-most slice first.</summary>
    public static int[] AreasSuperiorFirst(Volume<byte> labels)
    {
        var areas = LiverSlices.Areas(labels);
        if (!LiverSlices.FirstSliceIsSuperior(labels.Geometry))
        {
            Array.Reverse(areas);
        }

        return areas;
    }

    /// <summary>A copy of <paramref name="labels"/> without liver and lesion labels in the
    /// <paramref name="slicesAbove"/> superior-most slices (organs stay); the same volume when there is nothing to
    /// trim. The cut comes from <see cref="WaistIndex"/> of one operating point's labels and is applied to every
    /// operating point, so they agree on where the liver ends.</summary>
    public static Volume<byte> Trim(Volume<byte> labels, int slicesAbove)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (slicesAbove <= 0)
        {
            return labels;
        }

        var nz = labels.Size.Z;
        var superiorFirst = LiverSlices.FirstSliceIsSuperior(labels.Geometry);
        var trimmed = new Volume<byte>(labels.Geometry, (byte[])labels.Data.Clone());
        for (var s = 0; s < Math.Min(slicesAbove, nz); s++)
        {
            var slice = trimmed.Slice(superiorFirst ? s : nz - 1 - s);
            for (var i = 0; i < slice.Length; i++)
            {
                if (SegmentationLabel.IsLiverOrLesion(slice[i]))
                {
                    slice[i] = SegmentationLabel.Background;
                }
            }
        }

        return trimmed;
    }
}
