using System.Globalization;
using System.Text;

namespace LiverScreen.Dicom.Writing;

/// <summary>Puts typed values into a GDCM data set with explicit VRs (explicit VR little endian needs them), padded to
/// even length as DICOM requires (UI with NUL, text with space).</summary>
internal static class DicomElements
{
    public static void Put(gdcm.DataSet ds, ushort group, ushort element, gdcm.VR.VRType vr, string? value)
    {
        if (value is null)
        {
            return;
        }

        var pad = vr == gdcm.VR.VRType.UI ? '\0' : ' ';
        if (value.Length % 2 == 1)
        {
            value += pad;
        }

        var bytes = Encoding.Latin1.GetBytes(value);
        using var tag = new gdcm.Tag(group, element);
        using var de = new gdcm.DataElement(tag);
        using var v = new gdcm.VR(vr);
        using var vl = new gdcm.VL((uint)bytes.Length);
        de.SetVR(v);
        de.SetByteValue(bytes, vl);
        ds.Replace(de);
    }

    public static string Ds(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    public static string Ds(params double[] v) => string.Join('\\', v.Select(Ds));

    public static string Da(DateOnly d) => d.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Tm(TimeSpan t) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours % 24:00}{t.Minutes:00}{t.Seconds:00}.{t.Milliseconds * 1000:000000}");
}
