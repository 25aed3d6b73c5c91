using LiverScreen.Detection.Patient;
using LiverScreen.Imaging;

namespace LiverScreen.Detection;

/// <summary>
/// The full detection outcome of one study: paper 002's Base, Base+ReCls and High+ReCls variants, their joint decision
/// (section V-B), the liver assessment used for technical checks, and the ids of High+ReCls lesions that Base+ReCls also
/// found (the "common set" of IV-B2).
/// </summary>
public sealed record StudyDetection(
    OperatingPointDetection Base,
    OperatingPointDetection BaseRecls,
    OperatingPointDetection HighRecls,
    JointDecision Joint,
    LiverAssessment Liver,
    IReadOnlySet<int> HighFoundAtBase,
    VolumeGeometry Geometry);
