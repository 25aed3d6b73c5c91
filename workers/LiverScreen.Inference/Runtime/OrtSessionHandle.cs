using System.Runtime.InteropServices;

namespace LiverScreen.Inference.Runtime;

/// <summary>Owns an <c>OrtSession*</c>; released exactly once (ReleaseSession), and never while a Run holds a reference.</summary>
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

    protected override unsafe bool ReleaseHandle()
    {
        _runtime.Api.ReleaseSession(handle);
        return true;
    }
}
