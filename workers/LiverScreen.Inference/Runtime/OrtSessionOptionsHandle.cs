using System.Runtime.InteropServices;

namespace LiverScreen.Inference.Runtime;

/// <summary>Owns an <c>OrtSessionOptions*</c> (ReleaseSessionOptions); only needed while a session is being created.</summary>
internal sealed class OrtSessionOptionsHandle : SafeHandle
{
    private readonly OrtRuntime _runtime;

    public OrtSessionOptionsHandle(OrtRuntime runtime, nint options)
        : base(0, ownsHandle: true)
    {
        _runtime = runtime;
        SetHandle(options);
    }

    public override bool IsInvalid => handle == 0;

    protected override unsafe bool ReleaseHandle()
    {
        _runtime.Api.ReleaseSessionOptions(handle);
        return true;
    }
}
