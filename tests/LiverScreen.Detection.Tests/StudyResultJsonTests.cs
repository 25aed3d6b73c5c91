using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;

namespace LiverScreen.Detection.Tests;

public class StudyResultJsonTests
{
    internal static StudyResult Sample()
    {
        ResultLesion lesion = new()
        {
            Id = 1,
            Type = LesionType.HCC,
            CenterLps = [-40.5, 12.25, 101],
            VolumeCc = 5.2,
            DiameterMm = 24,
            Score = 0.91,
            KeySlice = 31,
            BboxLps = new ResultBox([-52, 0, 91], [-29, 24, 111]),
            MeanHu = new Dictionary<Phase, double> { [Phase.NC] = 41.5, [Phase.VP] = 88 },
            FoundAtBase = true,
            Reclassified = true,
        };
        return new StudyResult
        {
            StudyInstanceUid = "2.25.1",
            PatientId = "PHANTOM-000001",
            Status = StudyStatus.Completed,
            Setting = StudySetting.Diagnosis,
            Phases = [new PhaseResult(Phase.NC, "2.25.1.1", 0.98), new PhaseResult(Phase.VP, "2.25.1.3", 0.95)],
            ReferenceSeriesInstanceUid = "2.25.1.3",
            Triage = TriageCategory.SuspectedMalignant,
            TriageReasons = ["Suspected malignant lesion (HCC)."],
            PatientClass = PatientClass.HCC,
            Malignant = true,
            MalignancyScore = 0.955,
            Confidence = 0.93,
            Uncertain = false,
            Lesions = [lesion],
            OperatingPoints =
            [
                new OperatingPointResult("base", 1, false, PatientClass.HCC, true, []),
                new OperatingPointResult("base+recls", 1, true, PatientClass.HCC, true, []),
                new OperatingPointResult("high+recls", 3, true, PatientClass.HCC, true, [lesion]),
            ],
            Models = [new ModelRef("liver-seg", "1.0.0", "ab12")],
            TimingsMs = new Dictionary<string, double> { ["segment"] = 812.5, ["reclassify"] = 120 },
            CompletedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
        };
    }

    [Fact]
    public void Round_trips()
    {
        var json = StudyResultJson.Serialize(Sample());
        var back = StudyResultJson.Deserialize(json);
        Assert.Equal(json, StudyResultJson.Serialize(back));
    }

    [Fact]
    public void Failed_result_carries_the_error_and_no_decision()
    {
        var failed = StudyResultBuilder.Failed("2.25.9", "PHANTOM-9", "unreadable-dicom", "Study 2.25.9: file 0003.dcm: pixel data truncated.", "0003.dcm", DateTimeOffset.UnixEpoch);
        var json = StudyResultJson.Serialize(failed);
        Assert.Contains("\"status\": \"failed\"", json);
        Assert.Contains("\"triage\": \"technical-failure\"", json);
        Assert.Contains("\"code\": \"unreadable-dicom\"", json);
        Assert.DoesNotContain("patientClass", json);
    }

    [Fact]
    public void Json_shape_is_pinned()
    {
        var json = StudyResultJson.Serialize(Sample()).ReplaceLineEndings("\n");
        Assert.Equal(Expected, json);
    }

    private const string Expected = """
        {
          "format": "liverscreen-study-result/1",
          "synthetic": true,
          "studyInstanceUid": "2.25.1",
          "patientId": "PHANTOM-000001",
          "status": "completed",
          "setting": "diagnosis",
          "phases": [
            {
              "phase": "NC",
              "seriesInstanceUid": "2.25.1.1",
              "confidence": 0.98,
              "used": true
            },
            {
              "phase": "VP",
              "seriesInstanceUid": "2.25.1.3",
              "confidence": 0.95,
              "used": true
            }
          ],
          "referenceSeriesInstanceUid": "2.25.1.3",
          "triage": "suspected-malignant",
          "triageReasons": [
            "Suspected malignant lesion (HCC)."
          ],
          "patientClass": "HCC",
          "malignant": true,
          "malignancyScore": 0.955,
          "confidence": 0.93,
          "uncertain": false,
          "lesions": [
            {
              "id": 1,
              "type": "HCC",
              "centerLps": [
                -40.5,
                12.25,
                101
              ],
              "volumeCc": 5.2,
              "diameterMm": 24,
              "score": 0.91,
              "keySlice": 31,
              "bboxLps": {
                "min": [
                  -52,
                  0,
                  91
                ],
                "max": [
                  -29,
                  24,
                  111
                ]
              },
              "meanHu": {
                "NC": 41.5,
                "VP": 88
              },
              "foundAtBase": true,
              "reclassified": true
            }
          ],
          "operatingPoints": [
            {
              "name": "base",
              "lesionScale": 1,
              "reclassified": false,
              "patientClass": "HCC",
              "malignant": true,
              "lesions": []
            },
            {
              "name": "base+recls",
              "lesionScale": 1,
              "reclassified": true,
              "patientClass": "HCC",
              "malignant": true,
              "lesions": []
            },
            {
              "name": "high+recls",
              "lesionScale": 3,
              "reclassified": true,
              "patientClass": "HCC",
              "malignant": true,
              "lesions": [
                {
                  "id": 1,
                  "type": "HCC",
                  "centerLps": [
                    -40.5,
                    12.25,
                    101
                  ],
                  "volumeCc": 5.2,
                  "diameterMm": 24,
                  "score": 0.91,
                  "keySlice": 31,
                  "bboxLps": {
                    "min": [
                      -52,
                      0,
                      91
                    ],
                    "max": [
                      -29,
                      24,
                      111
                    ]
                  },
                  "meanHu": {
                    "NC": 41.5,
                    "VP": 88
                  },
                  "foundAtBase": true,
                  "reclassified": true
                }
              ]
            }
          ],
          "models": [
            {
              "name": "liver-seg",
              "version": "1.0.0",
              "sha256": "ab12"
            }
          ],
          "timingsMs": {
            "segment": 812.5,
            "reclassify": 120
          },
          "completedAt": "2026-11-23T12:00:00+00:00"
        }
        """;
}
