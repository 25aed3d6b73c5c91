namespace LiverScreen.Dicom.Scanning;

/// <summary>Slice-stack irregularities found from the headers of one series.</summary>
public enum GeometryWarningKind
{
    /// <summary>A spacing step much larger than the typical one: slices are missing.</summary>
    MissingSlices,
    /// <summary>Two or more instances at the same position along the slice normal; only the first is kept.</summary>
    DuplicatePositions,
    /// <summary>Slice steps vary by more than the tolerance (but no gap).</summary>
    UnevenSpacing,
    /// <summary>Positions advance along a direction that is not the slice normal (tilted gantry).</summary>
    GantryTilt,
    /// <summary>Instances with different Rows/Columns/PixelSpacing; the majority size is kept.</summary>
    MixedSizes,
    /// <summary>Instances with different ImageOrientationPatient; the majority orientation is kept.</summary>
    MixedOrientation,
}
