using LiverScreen.Contracts;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Imaging;

namespace LiverScreen.Detection.Tests;

/// <summary>Whole-study scenes on a 40 x 40 x 8 grid of 4 x 4 x 5 mm voxels (0.08 cm3): a liver of about 420 cm3 that
/// tapers to a small tip on slices 1 and 6, with optional lesions, run through <see cref="StudyDetector"/>.</summary>
internal static class StudyScenes
{
    public static readonly DetectionOptions Options = new()
    {
        Reclassification = new ReclassificationOptions { PatchSize = new Size3(16, 16, 4), MaxShift = new Size3(2, 2, 0), PatchesPerLesion = 4 },
    };

    public static readonly IReadOnlyList<PhaseStatus> NcOnly = [new PhaseStatus(Phase.NC, "1.2.3.1", true)];

    /// <param name="strong">A confident bright HCC the base point finds.</param>
    /// <param name="weak">A bright Meta with weak probabilities (found only at high sensitivity).</param>
    /// <param name="nearMiss">A weak Meta candidate over tissue that is bright in only half its voxels.</param>
    /// <param name="liver">false: no liver at all; "full": liver fills every slice (cut off).</param>
    /// <param name="stray">A confident "liver" blob with a bright Meta inside on the top slice, apart from the liver (a
    /// model mistaking heart or bowel for liver at the scan's end).</param>
    /// <param name="attached">With <paramref name="stray"/>: the blob reaches over the tip (x 15..37), so it joins the
    /// liver through a face, as heart tissue labelled liver right above the dome does.</param>
    /// <param name="beside">A confident bright HCC just outside the liver's right side (x 38..39), touching it by a face,
    /// as a model mistaking a neighbouring organ for a lesion draws it.</param>
    public static StudyDetection Run(bool strong = false, bool weak = false, bool nearMiss = false, string liver = "normal", DetectionOptions? options = null, bool stray = false, bool beside = false, bool attached = false)
    {
        var truth = TestVolumes.Labels(40, 40, 8, 4, 4, 5);
        if (liver == "normal")
        {
            TestVolumes.Fill(truth, SegmentationLabel.Liver, 15, 20, 15, 20, 1, 6);
            TestVolumes.Fill(truth, SegmentationLabel.Liver, 2, 37, 2, 37, 2, 5);
        }
        else if (liver == "full")
        {
            TestVolumes.Fill(truth, SegmentationLabel.Liver, 2, 37, 2, 37, 0, 7);
        }

        if (stray)
        {
            // 16 x 36 voxels on slice 7 (44 % of the largest cross-section); slice 6 holds only the tip at x 15..20.
            TestVolumes.Fill(truth, SegmentationLabel.Liver, attached ? 15 : 22, 37, 2, 37, 7, 7);
            TestVolumes.Fill(truth, SegmentationLabel.Meta, 28, 33, 20, 25, 7, 7);
        }

        var weakMap = new Volume<byte>(truth.Geometry);
        if (strong)
        {
            TestVolumes.Fill(truth, SegmentationLabel.Hcc, 6, 9, 6, 9, 2, 4);
        }

        if (beside)
        {
            TestVolumes.Fill(truth, SegmentationLabel.Hcc, 38, 39, 10, 13, 2, 4);
        }

        var hu = TestVolumes.Hu(truth);
        if (weak)
        {
            TestVolumes.Fill(weakMap, SegmentationLabel.Meta, 28, 31, 6, 9, 2, 4);
            Bright(hu, 28, 31, 6, 9, 2, 4);
        }

        if (nearMiss)
        {
            TestVolumes.Fill(weakMap, SegmentationLabel.Meta, 26, 29, 26, 29, 2, 4);
            Bright(hu, 26, 27, 26, 29, 2, 4);
        }

        var probabilities = TestVolumes.Probabilities(truth, weakMap);
        var phases = new Dictionary<Phase, Volume<short>> { [Phase.NC] = hu };
        return StudyDetector.Detect(probabilities, phases, new BrightVoxelClassifier(LesionType.HCC), options ?? Options);
    }

    private static void Bright(Volume<short> hu, int x0, int x1, int y0, int y1, int z0, int z1)
    {
        for (var z = z0; z <= z1; z++)
        {
            for (var y = y0; y <= y1; y++)
            {
                for (var x = x0; x <= x1; x++)
                {
                    hu[x, y, z] = 200;
                }
            }
        }
    }
}
