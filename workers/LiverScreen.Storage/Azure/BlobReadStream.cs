using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace LiverScreen.Storage.Azure;

/// <summary>
/// The body of a blob download: hashes every byte it hands out and compares the MD5 with the stored Content-MD5 when
/// the last byte has been read (a mismatch throws <see cref="InvalidDataException"/> naming container and key). When the
/// connection breaks mid-body it resumes from the current position with a ranged GET pinned to the original ETag, so a
/// replaced object can never be stitched onto the old one. Forward-only.
/// </summary>
internal sealed class BlobReadStream : Stream
{
    private const int MaxResumes = 5;

    private readonly AzureBlobObjectStore _store;
    private readonly string _key;
    private readonly long _length;
    private readonly EntityTagHeaderValue? _etag;
    private readonly byte[]? _expectedMd5;
    private readonly IncrementalHash _hash = ContentMd5.CreateIncremental();
    private HttpResponseMessage _response;
    private Stream _body;
    private long _position;
    private int _resumes;
    private bool _verified;

    public BlobReadStream(AzureBlobObjectStore store, string key, HttpResponseMessage response, Stream body, long length, EntityTagHeaderValue? etag, byte[]? expectedMd5)
    {
        _store = store;
        _key = key;
        _response = response;
        _body = body;
        _length = length;
        _etag = etag;
        _expectedMd5 = expectedMd5;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    /// <summary>The object's size in bytes (known from the response), so callers can pre-size buffers.</summary>
    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("Blob read streams are forward-only.");
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // Synchronous callers (e.g. VolumeFile.Read) block on the async path; the hosts have no synchronization context.
        var rented = new byte[buffer.Length];
        var n = ReadAsync(rented.AsMemory(), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        rented.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0)
            return 0;
        while (true)
        {
            int n;
            try
            {
                n = await _body.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception ex) when ((ex is IOException or HttpRequestException) && _resumes < MaxResumes && !cancellationToken.IsCancellationRequested)
            {
                await ResumeAsync(ex, cancellationToken);
                continue;
            }

            if (n == 0 && _position < _length)
            {
                if (_resumes >= MaxResumes)
                    throw new AzureBlobException($"Blob '{_store.Container}/{_key}' ended at byte {_position} of {_length} and could not be resumed.", _store.Container, _key);
                await ResumeAsync(new EndOfStreamException($"body ended at byte {_position} of {_length}"), cancellationToken);
                continue;
            }

            if (n == 0)
            {
                Verify();
                return 0;
            }

            _hash.AppendData(buffer.Span[..n]);
            _position += n;
            if (_position == _length)
                Verify();
            return n;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("Blob read streams are forward-only.");

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ResumeAsync(Exception reason, CancellationToken cancellationToken)
    {
        _resumes++;
        _store.LogResume(_key, _position, reason);
        _body.Dispose();
        _response.Dispose();
        _response = await _store.OpenFromAsync(_key, _position, _etag, cancellationToken);
        _body = await _response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private void Verify()
    {
        if (_verified)
            return;
        _verified = true;
        if (_expectedMd5 is null)
            return;
        var actual = _hash.GetHashAndReset();
        if (!actual.AsSpan().SequenceEqual(_expectedMd5))
        {
            throw new InvalidDataException(
                $"Checksum mismatch reading blob '{_store.Container}/{_key}': stored Content-MD5 {Convert.ToBase64String(_expectedMd5)}, "
                + $"the {_length} bytes read hash to {Convert.ToBase64String(actual)}. The object is corrupt; re-run the stage that wrote it.");
        }
    }
}
