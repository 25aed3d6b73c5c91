namespace LiverScreen.Dicom;

/// <summary>Transfer syntax UIDs LiverScreen names (PS3.5 / PS3.6), with short human names for reports.</summary>
public static class TransferSyntaxes
{
    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";
    public const string JpegLossless = "1.2.840.10008.1.2.4.57";
    public const string JpegLosslessSv1 = "1.2.840.10008.1.2.4.70";
    public const string JpegLsLossless = "1.2.840.10008.1.2.4.80";
    public const string JpegLsNearLossless = "1.2.840.10008.1.2.4.81";
    public const string Jpeg2000Lossless = "1.2.840.10008.1.2.4.90";
    public const string Jpeg2000 = "1.2.840.10008.1.2.4.91";
    public const string Rle = "1.2.840.10008.1.2.5";

    public static string Name(string uid) => uid switch
    {
        ImplicitVrLittleEndian => "implicit VR little endian",
        ExplicitVrLittleEndian => "explicit VR little endian",
        DeflatedExplicitVrLittleEndian => "deflated explicit VR little endian",
        ExplicitVrBigEndian => "explicit VR big endian",
        JpegLossless or JpegLosslessSv1 => "JPEG lossless",
        JpegLsLossless => "JPEG-LS lossless",
        JpegLsNearLossless => "JPEG-LS near-lossless",
        Jpeg2000Lossless => "JPEG 2000 lossless",
        Jpeg2000 => "JPEG 2000",
        Rle => "RLE lossless",
        "1.2.840.10008.1.2.4.50" => "JPEG baseline (lossy)",
        "1.2.840.10008.1.2.4.51" => "JPEG extended (lossy)",
        _ => uid,
    };
}
