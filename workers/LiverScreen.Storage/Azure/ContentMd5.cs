using System.Security.Cryptography;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// The Blob protocol's content checksum. MD5 here detects corruption in transit and at rest (the service checks and
/// stores it); it is not a security measure, which is why CA5351 is silenced in this one place.
/// </summary>
internal static class ContentMd5
{
#pragma warning disable CA5351 // integrity checksum the REST protocol defines, not cryptographic protection
    public static byte[] Hash(ReadOnlySpan<byte> data) => MD5.HashData(data);

    public static IncrementalHash CreateIncremental() => IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
}
