using LiverScreen.Imaging.Intensity;

namespace LiverScreen.Dicom.Tests;

public sealed class IntensityTests
{
    [Fact]
    public void Window_maps_its_edges_to_0_and_1_and_clamps_outside()
    {
        var w = HuWindow.Abdomen; // -140..260
        short[] hu = [-1000, -140, 60, 260, 3000];
        var f = new float[5];
        w.Map(hu, f);
        Assert.Equal(new[] { 0f, 0f, 0.5f, 1f, 1f }, f);
        var b = new byte[5];
        w.MapToBytes(hu, b);
        Assert.Equal(new byte[] { 0, 0, 128, 255, 255 }, b);
    }

    [Fact]
    public void Clip_and_standardize_uses_the_given_statistics()
    {
        short[] hu = [-1000, 0, 100, 2000];
        var f = new float[4];
        HuNormalization.ClipAndStandardize(hu, f, -200, 300, 100, 50);
        Assert.Equal(new[] { -6f, -2f, 0f, 4f }, f);
        var stats = HuNormalization.Statistics(hu, -100, 300)!.Value;
        Assert.Equal(50, stats.Mean, 6);
        Assert.Equal(50, stats.Sd, 6);
    }
}
