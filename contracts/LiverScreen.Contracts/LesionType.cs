namespace LiverScreen.Contracts;

/// <summary>Lesion types of paper 002 (Table I). The numeric values are the segmentation label ids
/// after background (0) and liver (1); see <see cref="SegmentationLabel"/>.</summary>
public enum LesionType
{
    HCC = 2,
    ICC = 3,
    Meta = 4,
    Hem = 5,
    Other = 6,
    Cyst = 7,
}
