using LiverScreen.Phantoms;

namespace LiverScreen.Phantoms.Tests;

/// <summary>Small studies (256 x 256 x 40 at 5 mm) so the suite stays fast; everything else is drawn as in production.</summary>
internal static class TestStudies
{
    public static readonly AcquisitionOverride Small = new(256, 40, 5.0, AllPhases: false);
    public static readonly AcquisitionOverride SmallAllPhases = new(256, 40, 5.0, AllPhases: true);

    public static PhantomStudy Diagnosis(int seed, int index) => PhantomSampler.Sample(seed, index, PhantomPreset.Diagnosis, SmallAllPhases);
}
