using System.Buffers;
using System.Runtime.InteropServices;

namespace LiverScreen.Inference;

/// <summary>
/// Float buffer in native (unmanaged, 64-byte aligned) memory, usable as <see cref="Memory{T}"/>: big tile batches
/// can live outside the GC heap and are handed to ONNX Runtime without pinning. Dispose frees the memory.
/// </summary>
public sealed unsafe class NativeTensorMemory : MemoryManager<float>
{
    private float* _pointer;
    private readonly int _length;

    public NativeTensorMemory(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        _length = length;
        _pointer = (float*)NativeMemory.AlignedAlloc((nuint)Math.Max(1, length) * sizeof(float), 64);
        new Span<float>(_pointer, length).Clear();
    }

    public int Length => _length;

    public override Span<float> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        return new Span<float>(_pointer, _length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer == null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)_length, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
        // Native memory never moves: nothing to release.
    }

    protected override void Dispose(bool disposing)
    {
        if (_pointer != null)
        {
            NativeMemory.AlignedFree(_pointer);
            _pointer = null;
        }
    }
}
