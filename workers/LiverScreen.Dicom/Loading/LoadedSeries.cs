using LiverScreen.Dicom.Scanning;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Loading;

/// <summary>A series decoded into Hounsfield units, with the layout (geometry, warnings) it was built from.</summary>
public sealed record LoadedSeries(CtSeries Series, Volume<short> Volume)
{
    public IReadOnlyList<GeometryWarning> Warnings => Series.Layout.Warnings;
}
