using System.Runtime.InteropServices;

namespace LiverScreen.Inference.Runtime;

/// <summary>
/// Owns an <c>OrtSession*</c> and the native block of its UTF-8 input/output names; both are released exactly once, and
/// never while a Run holds a reference (Run add-refs the handle), so Dispose racing a Run cannot free what it uses.
/// </summary>
internal sealed class OrtSessionHandle : SafeHandle
{
    private readonly OrtRuntime _runtime;

    public OrtSessionHandle(OrtRuntime runtime, nint session)
        : base(0, ownsHandle: true)
    {
        _runtime = runtime;
        SetHandle(session);
    }

    public override bool IsInvalid => handle == 0;

    /// <summary>NativeMemory block holding the session's names; freed with the session.</summary>
    public nint NamesBlock { get; set; }

    protected override unsafe bool ReleaseHandle()
    {
        _runtime.Api.ReleaseSession(handle);
        if (NamesBlock != 0)
        {
            NativeMemory.Free((void*)NamesBlock);
        }

        return true;
    }
}
