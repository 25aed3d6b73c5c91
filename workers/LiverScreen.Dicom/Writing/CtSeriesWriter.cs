using System.Globalization;
using LiverScreen.Imaging;

namespace LiverScreen.Dicom.Writing;

/// <summary>
/// Writes a CT volume as a DICOM series through GDCM's C# binding: one file per axial slice, explicit VR little
/// endian, int16 pixels with a rescale intercept. The volume must be axial (identity direction); slice k sits at
/// Origin + k * spacing.Z. Files are named by instance number; instance 1 is the most superior slice unless the
/// header asks for reversed order.
/// </summary>
public static class CtSeriesWriter
{
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string SecondaryCaptureStorage = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>Writes every slice of <paramref name="hu"/> (HU, any real values; rounded and clipped to the stored
    /// range) into <paramref name="directory"/>; returns the file paths in instance order.</summary>
    public static IReadOnlyList<string> Write(string directory, CtSeriesHeader header, Volume<float> hu)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(hu);
        Directory.CreateDirectory(directory);
        var g = hu.Geometry;
        var n = g.Size.Z;
        var paths = new string[n];
        var slice = new short[g.Size.SliceVoxels];
        for (var instance = 1; instance <= n; instance++)
        {
            // Normal order: instance 1 at the top (largest z), as scanners usually number head-first.
            var k = header.ReversedOrder ? instance - 1 : n - instance;
            var src = hu.Slice(k);
            for (var i = 0; i < slice.Length; i++)
            {
                // In double: float src - intercept would round 217.49997 + 1024 to 1241.5f and store 1 HU too much.
                slice[i] = (short)Math.Clamp(Math.Round((double)src[i] - header.RescaleIntercept), short.MinValue, short.MaxValue);
            }

            var position = g.IndexToLps(0, 0, k);
            var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"IM{instance:D4}.dcm"));
            WriteSlice(path, header, slice, g.Size.X, g.Size.Y, g.Spacing, position, instance);
            paths[instance - 1] = path;
        }

        return paths;
    }

    /// <summary>Writes one 2D image. <paramref name="rowDirection"/> and <paramref name="columnDirection"/> default to
    /// axial (x, y); a localizer passes coronal directions.</summary>
    public static void WriteSlice(string path, CtSeriesHeader header, short[] stored, int columns, int rows, Vec3 spacing, Vec3 position,
        int instance, Vec3? rowDirection = null, Vec3? columnDirection = null)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(stored);
        var r = rowDirection ?? new Vec3(1, 0, 0);
        var c = columnDirection ?? new Vec3(0, 1, 0);
        using var writer = new gdcm.ImageWriter();
        // The writer takes a reference-counted hold of the image and deletes it when the writer goes; the C# proxy must
        // not delete it too (GDCM asserts on a non-zero reference count), so its finalizer is suppressed.
        var image = new gdcm.Image();
#pragma warning disable CA1816 // deliberately on another object: ownership passes to the native writer (see above)
        GC.SuppressFinalize(image);
#pragma warning restore CA1816
        image.SetNumberOfDimensions(2);
        image.SetDimension(0, (uint)columns);
        image.SetDimension(1, (uint)rows);
        using (var pf = new gdcm.PixelFormat(gdcm.PixelFormat.ScalarType.INT16))
        {
            image.SetPixelFormat(pf);
        }

        using (var pi = new gdcm.PhotometricInterpretation(gdcm.PhotometricInterpretation.PIType.MONOCHROME2))
        {
            image.SetPhotometricInterpretation(pi);
        }

        using (var ts = new gdcm.TransferSyntax(gdcm.TransferSyntax.TSType.ExplicitVRLittleEndian))
        {
            image.SetTransferSyntax(ts);
        }

        image.SetSpacing(0, spacing.X);
        image.SetSpacing(1, spacing.Y);
        image.SetOrigin(0, position.X);
        image.SetOrigin(1, position.Y);
        image.SetOrigin(2, position.Z);
        image.SetDirectionCosines(0, r.X);
        image.SetDirectionCosines(1, r.Y);
        image.SetDirectionCosines(2, r.Z);
        image.SetDirectionCosines(3, c.X);
        image.SetDirectionCosines(4, c.Y);
        image.SetDirectionCosines(5, c.Z);
        image.SetIntercept(header.RescaleIntercept);
        image.SetSlope(1);
        var bytes = new byte[stored.Length * 2];
        Buffer.BlockCopy(stored, 0, bytes, 0, bytes.Length);
        using (var tag = new gdcm.Tag(0x7fe0, 0x0010))
        using (var pixels = new gdcm.DataElement(tag))
        using (var vl = new gdcm.VL((uint)bytes.Length))
        {
            pixels.SetByteValue(bytes, vl);
            image.SetDataElement(pixels);
        }

        writer.SetImage(image);
        var ds = writer.GetFile().GetDataSet();
        PutHeader(ds, header, instance, position);
        writer.SetFileName(path);
        if (!writer.Write())
        {
            throw new IOException($"GDCM could not write {path}.");
        }
    }

    private static void PutHeader(gdcm.DataSet ds, CtSeriesHeader h, int instance, Vec3 position)
    {
        const gdcm.VR.VRType UI = gdcm.VR.VRType.UI, LO = gdcm.VR.VRType.LO, CS = gdcm.VR.VRType.CS, DA = gdcm.VR.VRType.DA,
            TM = gdcm.VR.VRType.TM, SH = gdcm.VR.VRType.SH, PN = gdcm.VR.VRType.PN, DS = gdcm.VR.VRType.DS, IS = gdcm.VR.VRType.IS,
            AS = gdcm.VR.VRType.AS;
        var sop = Offset(h.SopInstanceUidBase, instance);
        DicomElements.Put(ds, 0x0008, 0x0005, CS, "ISO_IR 100");
        DicomElements.Put(ds, 0x0008, 0x0008, CS, h.ImageType);
        DicomElements.Put(ds, 0x0008, 0x0016, UI, h.SopClassUid);
        DicomElements.Put(ds, 0x0008, 0x0018, UI, sop);
        DicomElements.Put(ds, 0x0008, 0x0020, DA, DicomElements.Da(h.StudyDate));
        DicomElements.Put(ds, 0x0008, 0x0021, DA, DicomElements.Da(h.StudyDate));
        DicomElements.Put(ds, 0x0008, 0x0022, DA, DicomElements.Da(h.StudyDate));
        DicomElements.Put(ds, 0x0008, 0x0023, DA, DicomElements.Da(h.StudyDate));
        DicomElements.Put(ds, 0x0008, 0x0030, TM, DicomElements.Tm(h.StudyTime));
        DicomElements.Put(ds, 0x0008, 0x0031, TM, DicomElements.Tm(h.AcquisitionTime));
        DicomElements.Put(ds, 0x0008, 0x0032, TM, DicomElements.Tm(h.AcquisitionTime));
        // Content time: reconstruction finishes a little after acquisition, later slices a little later.
        DicomElements.Put(ds, 0x0008, 0x0033, TM, DicomElements.Tm(h.AcquisitionTime + TimeSpan.FromMilliseconds(500 + 20 * instance)));
        DicomElements.Put(ds, 0x0008, 0x0050, SH, h.AccessionNumber);
        DicomElements.Put(ds, 0x0008, 0x0060, CS, "CT");
        DicomElements.Put(ds, 0x0008, 0x0070, LO, h.Manufacturer);
        DicomElements.Put(ds, 0x0008, 0x0080, LO, h.InstitutionName);
        DicomElements.Put(ds, 0x0008, 0x1030, LO, h.StudyDescription);
        DicomElements.Put(ds, 0x0008, 0x103E, LO, h.SeriesDescription);
        DicomElements.Put(ds, 0x0008, 0x1090, LO, h.ManufacturerModelName);
        DicomElements.Put(ds, 0x0010, 0x0010, PN, h.PatientName);
        DicomElements.Put(ds, 0x0010, 0x0020, LO, h.PatientId);
        DicomElements.Put(ds, 0x0010, 0x0030, DA, DicomElements.Da(new DateOnly(h.StudyDate.Year - h.PatientAgeYears, 1, 1)));
        DicomElements.Put(ds, 0x0010, 0x0040, CS, h.PatientSex);
        DicomElements.Put(ds, 0x0010, 0x1010, AS, string.Create(CultureInfo.InvariantCulture, $"{h.PatientAgeYears:D3}Y"));
        DicomElements.Put(ds, 0x0018, 0x0010, LO, h.ContrastBolusAgent);
        DicomElements.Put(ds, 0x0018, 0x0050, DS, DicomElements.Ds(h.SliceThicknessMm));
        DicomElements.Put(ds, 0x0018, 0x0060, DS, DicomElements.Ds(h.Kvp));
        DicomElements.Put(ds, 0x0018, 0x1210, SH, h.ConvolutionKernel);
        DicomElements.Put(ds, 0x0018, 0x5100, CS, "HFS");
        DicomElements.Put(ds, 0x0020, 0x000D, UI, h.StudyInstanceUid);
        DicomElements.Put(ds, 0x0020, 0x000E, UI, h.SeriesInstanceUid);
        DicomElements.Put(ds, 0x0020, 0x0010, SH, h.StudyId);
        DicomElements.Put(ds, 0x0020, 0x0011, IS, h.SeriesNumber.ToString(CultureInfo.InvariantCulture));
        DicomElements.Put(ds, 0x0020, 0x0012, IS, "1");
        DicomElements.Put(ds, 0x0020, 0x0013, IS, instance.ToString(CultureInfo.InvariantCulture));
        DicomElements.Put(ds, 0x0020, 0x0052, UI, h.FrameOfReferenceUid);
        DicomElements.Put(ds, 0x0020, 0x1040, LO, string.Empty);
        DicomElements.Put(ds, 0x0020, 0x1041, DS, DicomElements.Ds(position.Z));
        DicomElements.Put(ds, 0x0028, 0x0004, CS, "MONOCHROME2");
        DicomElements.Put(ds, 0x0028, 0x1050, DS, DicomElements.Ds(h.WindowCenter));
        DicomElements.Put(ds, 0x0028, 0x1051, DS, DicomElements.Ds(h.WindowWidth));
    }

    private static string Offset(string baseUid, int n)
    {
        var value = System.Numerics.BigInteger.Parse(baseUid.AsSpan(5), CultureInfo.InvariantCulture) + n;
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
