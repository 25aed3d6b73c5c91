namespace LiverScreen.Contracts;

/// <summary>Voxel labels shared by the phantom generator's truth maps and the segmentation model's output channels.
/// 0-7 are the classes the detection algorithms of paper 002 use; 8+ are organs kept for cropping and QA.</summary>
public static class SegmentationLabel
{
    public const byte Background = 0;
    public const byte Liver = 1;
    public const byte Hcc = (byte)LesionType.HCC;
    public const byte Icc = (byte)LesionType.ICC;
    public const byte Meta = (byte)LesionType.Meta;
    public const byte Hem = (byte)LesionType.Hem;
    public const byte Other = (byte)LesionType.Other;
    public const byte Cyst = (byte)LesionType.Cyst;
    public const byte Spleen = 8;
    public const byte Kidney = 9;
    public const byte Aorta = 10;
    public const byte PortalVein = 11;
    public const byte OtherOrgan = 12;

    /// <summary>Number of classes the reference segmentation model outputs (background .. other organ).</summary>
    public const int Count = 13;

    public static bool IsLesion(byte label) => label >= Hcc && label <= Cyst;

    /// <summary>Part of the liver as an organ: parenchyma or any lesion in it (labels 1..7).</summary>
    public static bool IsLiverOrLesion(byte label) => label >= Liver && label <= Cyst;
}
