using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Scanning;

/// <summary>
/// How a series' instances stack into a volume, worked out from headers alone: the slices in order along the slice
/// normal (index k of the volume), the volume geometry, and any irregularities. Instances left out (duplicates, minority
/// sizes or orientations) are listed with reasons.
/// </summary>
public sealed record SeriesLayout(
    IReadOnlyList<DicomHeader> Slices,
    VolumeGeometry Geometry,
    IReadOnlyList<GeometryWarning> Warnings,
    IReadOnlyList<DicomProblem> Excluded,
    double GantryTiltDegrees);
