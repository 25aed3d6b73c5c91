using System.Runtime.InteropServices;

namespace LiverScreen.Imaging;

/// <summary>A volume file read straight from memory (<see cref="VolumeFile.OpenRead{T}"/>): the header bytes, then the
/// voxel array viewed as bytes. Read-only and seekable, so a store may measure it or rewind it for a retry.</summary>
internal sealed class VolumeFileReadStream<T>(byte[] header, T[] data) : Stream
    where T : unmanaged
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => header.Length + ((long)data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>());

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The position cannot be negative.");
    }

    public override int Read(Span<byte> buffer)
    {
        var done = 0;
        if (_position < header.Length && buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, header.Length - (int)_position);
            header.AsSpan((int)_position, n).CopyTo(buffer);
            done = n;
            _position += n;
        }

        var voxels = MemoryMarshal.AsBytes(data.AsSpan());
        var at = _position - header.Length;
        if (done < buffer.Length && at >= 0 && at < voxels.Length)
        {
            var n = (int)Math.Min(buffer.Length - done, voxels.Length - at);
            voxels.Slice((int)at, n).CopyTo(buffer[done..]);
            done += n;
            _position += n;
        }

        return done;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin), origin, null),
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException("A volume file read from memory cannot change length.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A volume file read from memory is read-only.");
}
