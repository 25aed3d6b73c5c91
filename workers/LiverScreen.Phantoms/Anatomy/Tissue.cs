using LiverScreen.Contracts;

namespace LiverScreen.Phantoms.Anatomy;

/// <summary>Tissue classes of the phantom body. Each has a per-phase HU (a <see cref="PhaseLook"/> row) and a
/// <see cref="SegmentationLabel"/>. Lesions are not a tissue: they are evaluated first and carry their own look.</summary>
internal static class Tissue
{
    public const byte Air = 0;
    public const byte Lung = 1;
    public const byte SubcutFat = 2;
    public const byte Muscle = 3;
    public const byte VisceralFat = 4;
    public const byte Bone = 5;
    public const byte Marrow = 6;
    public const byte Liver = 7;
    public const byte Spleen = 8;
    public const byte KidneyCortex = 9;
    public const byte KidneyMedulla = 10;
    public const byte KidneySinus = 11;
    public const byte StomachWall = 12;
    public const byte StomachContent = 13;
    public const byte Gas = 14;
    public const byte Bile = 15;
    public const byte Pancreas = 16;
    public const byte BowelWall = 17;
    public const byte BowelFluid = 18;
    public const byte Aorta = 19;
    public const byte Ivc = 20;
    public const byte PortalVein = 21;
    public const byte HepaticVein = 22;
    public const byte Disc = 23;
    public const byte Csf = 24;
    public const byte Heart = 25;
    public const byte Feces = 26;
    public const byte IntrahepaticPortal = 27;
    public const int Count = 28;

    /// <summary>Label of each tissue. Vessels inside the liver count as liver (as in public liver segmentations);
    /// the extrahepatic portal and splenic veins are "portal vein"; other abdominal organs are "other organ".</summary>
    public static readonly byte[] Label = BuildLabels();

    private static byte[] BuildLabels()
    {
        var l = new byte[Count];
        l[Liver] = SegmentationLabel.Liver;
        l[HepaticVein] = SegmentationLabel.Liver;
        l[IntrahepaticPortal] = SegmentationLabel.Liver;
        l[Spleen] = SegmentationLabel.Spleen;
        l[KidneyCortex] = SegmentationLabel.Kidney;
        l[KidneyMedulla] = SegmentationLabel.Kidney;
        l[KidneySinus] = SegmentationLabel.Kidney;
        l[Aorta] = SegmentationLabel.Aorta;
        l[PortalVein] = SegmentationLabel.PortalVein;
        l[StomachWall] = SegmentationLabel.OtherOrgan;
        l[StomachContent] = SegmentationLabel.OtherOrgan;
        l[Bile] = SegmentationLabel.OtherOrgan;
        l[Pancreas] = SegmentationLabel.OtherOrgan;
        l[Ivc] = SegmentationLabel.OtherOrgan;
        return l;
    }
}
