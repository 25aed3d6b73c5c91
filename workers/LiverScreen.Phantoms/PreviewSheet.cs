using System.Globalization;
using LiverScreen.Contracts;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Rendering;

namespace LiverScreen.Phantoms;

/// <summary>A picture of what the generator made: for each phase, the key slice of the largest lesion (or the liver's
/// middle) as acquired, whole (top row, half size) and zoomed on the lesion (bottom row, 2x), with the truth outlined:
/// liver green, lesions red. Each column is captioned with its phase and seconds after injection, the zoom with the
/// lesion's type, diameter and volume (or "no lesion").</summary>
public static class PreviewSheet
{
    private const int Panel = 256;

    public static RgbImage Build(PhantomStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var lesion = study.Lesions.OrderByDescending(l => l.VolumeCc).FirstOrDefault();
        var focus = lesion?.CenterLps ?? study.Body.LiverCenter;
        var sheet = new RgbImage(Panel * study.Phases.Count + 4 * (study.Phases.Count - 1), Panel * 2 + 4);
        var col = 0;
        foreach (var phase in study.Phases)
        {
            var r = PhaseRenderer.Acquired(study, phase.Phase);
            var g = phase.Grid;
            var at = g.LpsToIndex(phase.Motion.Apply(focus));
            var z = Math.Clamp((int)Math.Round(at.Z), 0, g.Size.Z - 1);
            var full = SliceRenderer.Window(r.Hu, z);
            SliceRenderer.Outline(full, r.Labels, z, SegmentationLabel.IsLiverOrLesion, (40, 220, 60));
            SliceRenderer.Outline(full, r.Labels, z, SegmentationLabel.IsLesion, (240, 40, 40));
            var x0 = col * (Panel + 4);
            sheet.Paste(Downscale(full, Math.Max(1, g.Size.X / Panel)), x0, 0);
            var crop = Crop(full, (int)Math.Round(at.X) - Panel / 4, (int)Math.Round(at.Y) - Panel / 4, Panel / 2);
            sheet.Paste(Upscale(crop, 2), x0, Panel + 4);
            BitmapFont.Draw(sheet, x0 + 4, 4, Caption(phase), (255, 255, 255), 2);
            BitmapFont.Draw(sheet, x0 + 4, Panel + 8, lesion is null ? "NO LESION" : LesionCaption(lesion), (255, 120, 120), 1);
            col++;
        }

        return sheet;
    }

    /// <summary>"NC", or e.g. "AP 35 S" for a contrast phase (seconds after injection).</summary>
    internal static string Caption(PhantomPhase phase) =>
        phase.Phase == Phase.NC ? "NC" : string.Create(CultureInfo.InvariantCulture, $"{phase.Phase} {phase.SecondsAfterInjection:0} S");

    /// <summary>e.g. "HCC 32 MM 9.1 CC" (diameter = the lesion box's largest edge).</summary>
    internal static string LesionCaption(PhantomLesion lesion) =>
        string.Create(CultureInfo.InvariantCulture, $"{(lesion.Type == LesionType.Other ? "FNH/OTHER" : lesion.Type.ToString().ToUpperInvariant())} {lesion.DiameterMm:0} MM {lesion.VolumeCc:0.0} CC");

    private static RgbImage Downscale(RgbImage src, int f)
    {
        var dst = new RgbImage(src.Width / f, src.Height / f);
        for (var y = 0; y < dst.Height; y++)
        {
            for (var x = 0; x < dst.Width; x++)
            {
                var i = (y * f * src.Width + x * f) * 3;
                dst.Set(x, y, (src.Pixels[i], src.Pixels[i + 1], src.Pixels[i + 2]));
            }
        }

        return dst;
    }

    private static RgbImage Upscale(RgbImage src, int f)
    {
        var dst = new RgbImage(src.Width * f, src.Height * f);
        for (var y = 0; y < dst.Height; y++)
        {
            for (var x = 0; x < dst.Width; x++)
            {
                var i = (y / f * src.Width + x / f) * 3;
                dst.Set(x, y, (src.Pixels[i], src.Pixels[i + 1], src.Pixels[i + 2]));
            }
        }

        return dst;
    }

    private static RgbImage Crop(RgbImage src, int x0, int y0, int size)
    {
        var dst = new RgbImage(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var sx = x0 + x;
                var sy = y0 + y;
                if ((uint)sx < (uint)src.Width && (uint)sy < (uint)src.Height)
                {
                    var i = (sy * src.Width + sx) * 3;
                    dst.Set(x, y, (src.Pixels[i], src.Pixels[i + 1], src.Pixels[i + 2]));
                }
            }
        }

        return dst;
    }
}
