using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection;
using LiverScreen.Detection.Lesions;
using LiverScreen.Detection.Patient;
using LiverScreen.Detection.Reclassification;
using LiverScreen.Detection.Segmentation;
using LiverScreen.Evaluation.Truth;
using LiverScreen.Imaging;

namespace LiverScreen.Evaluation.Tests;

/// <summary>The detection core's result document, read back through JSON, evaluated against truth made from the same
/// label map: the contract between the two halves holds (coordinates, types, operating points).</summary>
public class EndToEndTests
{
    private static readonly string[] Classes = ["background", "liver", "HCC", "ICC", "Meta", "Hem", "Other", "Cyst"];

    /// <summary>Reclassifier stand-in: liver-region voxels brighter than 130 HU are HCC.</summary>
    private sealed class Bright : IPatchClassifier
    {
        public IReadOnlyList<string> Classes => EndToEndTests.Classes;

        public float[] Predict(PatchBatch batch)
        {
            var pv = batch.PatchVoxels;
            var output = new float[batch.Count * Classes.Count * pv];
            for (var b = 0; b < batch.Count; b++)
            {
                for (var v = 0; v < pv; v++)
                {
                    var nc = batch.Data[b * batch.Channels * pv + v];
                    var label = nc <= -1f ? 0 : nc > 0.1f ? 2 : 1;
                    output[(b * Classes.Count + label) * pv + v] = 1f;
                }
            }

            return output;
        }
    }

    [Fact]
    public void A_detected_lesion_matches_its_truth_through_the_result_document()
    {
        var g = VolumeGeometry.Axial(new Size3(40, 40, 8), new Vec3(4, 4, 5), new Vec3(-80, -80, -20));
        var truthLabels = new Volume<byte>(g);
        var hu = new Volume<short>(g);
        for (var z = 0; z < 8; z++)
        {
            for (var y = 0; y < 40; y++)
            {
                for (var x = 0; x < 40; x++)
                {
                    var liver = (z is >= 2 and <= 5 && x is >= 2 and <= 37 && y is >= 2 and <= 37) || (z is 1 or 6 && x is >= 15 and <= 20 && y is >= 15 and <= 20);
                    var lesion = z is >= 2 and <= 4 && x is >= 6 and <= 9 && y is >= 6 and <= 9;
                    truthLabels[x, y, z] = lesion ? SegmentationLabel.Hcc : liver ? SegmentationLabel.Liver : (byte)0;
                    hu[x, y, z] = lesion ? (short)200 : liver ? (short)60 : (short)0;
                }
            }
        }

        var n = truthLabels.Data.Length;
        var probs = new float[Classes.Length * n];
        for (var i = 0; i < n; i++)
        {
            probs[truthLabels.Data[i] * n + i] = 1f;
        }

        var options = new DetectionOptions { Reclassification = new ReclassificationOptions { PatchSize = new Size3(16, 16, 4), MaxShift = new Size3(2, 2, 0) } };
        var phases = new Dictionary<Phase, Volume<short>> { [Phase.NC] = hu };
        var detection = StudyDetector.Detect(new ClassProbabilities(g, Classes, probs), phases, new Bright(), options);
        var identity = new StudyIdentity("2.25.77", "P77", StudySetting.Screening, [new PhaseResult(Phase.NC, "2.25.77.1", 1)], "2.25.77.1");
        var result = StudyResultBuilder.Completed(identity, detection, TriageRules.Decide(detection, [new PhaseStatus(Phase.NC, "2.25.77.1", true)]), [], new Dictionary<string, double>(), DateTimeOffset.UnixEpoch);
        var roundTripped = StudyResultJson.Deserialize(StudyResultJson.Serialize(result));

        var t = Seg2Det.Detect(truthLabels).Single();
        var c = t.CenterLps;
        var truth = new TruthDocument(TruthDocument.ExpectedFormat, true, "e2e", 1,
        [
            new TruthStudy("2.25.77", "P77", "study-77", StudySetting.Screening, PatientClass.HCC, true,
                [new TruthLesion(1, LesionType.HCC, [c.X, c.Y, c.Z], t.VolumeCc, t.DiameterMm, null)]),
        ]);

        var report = CohortEvaluator.Evaluate(truth, [new LoadedResult("2.25.77.json", roundTripped, null)]);

        Assert.Equal(TriageCategory.SuspectedMalignant, roundTripped.Triage);
        var setting = Assert.Single(report.Settings);
        Assert.All(setting.Patient, p => Assert.Equal((1, 1), (p.Sensitivity.Successes, p.Sensitivity.Total)));
        Assert.All(setting.Lesions, m => Assert.Equal((1, 0, 0, 0), (m.ByType.Single(r => r.Group == "HCC").TP, m.ByType.Single(r => r.Group == "HCC").FN, m.ByType.Single(r => r.Group == "HCC").FP, m.ByType.Single(r => r.Group == "HCC").FL)));
        Assert.Equal(1, setting.Lesions.Single(m => m.Model == "High+ReCls").BySize.Single(b => b.Bin == "2-4").All.TP); // 48 voxels x 0.08 cm3 = 3.84 cm3
    }
}
