using System.Globalization;
using System.Numerics;

namespace LiverScreen.Phantoms;

/// <summary>DICOM UIDs of the form 2.25.&lt;128-bit integer&gt; (ISO/IEC 9834-8: a UUID as one integer), drawn from the
/// study's seeded random stream so the same seed gives the same UIDs.</summary>
public static class PhantomUid
{
    public static string Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        Span<byte> bytes = stackalloc byte[17];
        random.NextBytes(bytes[..16]);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40); // version 4 layout
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        bytes[16] = 0;                                // keep the integer positive
        return "2.25." + new BigInteger(bytes).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The n-th UID under a base 2.25 UID (base integer + n): distinct per instance, no extra randomness.</summary>
    public static string Offset(string baseUid, int n)
    {
        ArgumentNullException.ThrowIfNull(baseUid);
        var value = BigInteger.Parse(baseUid.AsSpan(5), CultureInfo.InvariantCulture) + n;
        return "2.25." + value.ToString(CultureInfo.InvariantCulture);
    }
}
