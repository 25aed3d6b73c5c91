using System.Globalization;

namespace LiverScreen.Dicom.Scanning;

/// <summary>DICOM TM values ("HHMMSS.FFFFFF", also "HH:MM:SS" from old writers) to seconds since midnight.</summary>
public static class DicomTime
{
    public static double? ToSeconds(string? tm)
    {
        if (string.IsNullOrWhiteSpace(tm))
        {
            return null;
        }

        var s = tm.Trim().Replace(":", "", StringComparison.Ordinal);
        var dot = s.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? s[..dot] : s;
        if (whole.Length < 2 || !whole.All(char.IsAsciiDigit))
        {
            return null;
        }

        var h = int.Parse(whole[..2], CultureInfo.InvariantCulture);
        var m = whole.Length >= 4 ? int.Parse(whole[2..4], CultureInfo.InvariantCulture) : 0;
        var sec = whole.Length >= 6 ? int.Parse(whole[4..6], CultureInfo.InvariantCulture) : 0;
        var frac = dot >= 0 && double.TryParse("0" + s[dot..], NumberStyles.Float, CultureInfo.InvariantCulture, out var f) ? f : 0;
        return h * 3600 + m * 60 + sec + frac;
    }
}
