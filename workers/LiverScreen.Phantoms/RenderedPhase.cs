using LiverScreen.Imaging;

namespace LiverScreen.Phantoms;

/// <summary>One rendered phase: HU image, labels (SegmentationLabel ids) and lesion instance ids, on one grid.</summary>
public sealed record RenderedPhase(Volume<float> Hu, Volume<byte> Labels, Volume<byte> Instances);
