using System.Buffers;
using System.Runtime.InteropServices;

namespace LiverScreen.Inference.Runtime;

/// <summary>
/// An ONNX Runtime session over our binding. Inputs are wrapped in place (pinned managed or native memory, no copy);
/// outputs are either copied out of ORT's buffers or written straight into caller buffers. Every OrtValue a run creates
/// is released before Run returns, on success and on error; the session itself is a <see cref="SafeHandle"/> that Run
/// add-refs, so Dispose during a concurrent Run releases it only after that Run ends.
/// </summary>
internal sealed unsafe class OrtInferenceSession : IInferenceSession
{
    private const int OnnxTypeTensor = 1;
    private const int ElementFloat = 1;

    private readonly OrtRuntime _runtime;
    private readonly OrtSessionHandle _handle;
    private readonly nint[] _inputNamePtrs;
    private readonly nint[] _outputNamePtrs;

    public OrtInferenceSession(OrtRuntime runtime, OrtSessionHandle handle, string modelPath, ExecutionProvider provider)
    {
        _runtime = runtime;
        _handle = handle;
        ModelPath = modelPath;
        ExecutionProvider = provider;
        try
        {
            var api = runtime.Api;
            var s = handle.DangerousGetHandle();
            nuint inCount, outCount;
            api.Check(api.SessionGetInputCount(s, &inCount));
            api.Check(api.SessionGetOutputCount(s, &outCount));
            var inputs = new TensorInfo[(int)inCount];
            var outputs = new TensorInfo[(int)outCount];
            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = ReadInfo(s, (nuint)i, isInput: true);
            }

            for (var i = 0; i < outputs.Length; i++)
            {
                outputs[i] = ReadInfo(s, (nuint)i, isInput: false);
            }

            Inputs = inputs;
            Outputs = outputs;

            // UTF-8, NUL-terminated names in one native block that lives as long as the session: Run passes pointers.
            var all = inputs.Concat(outputs).Select(t => OrtRuntime.Utf8Z(t.Name)).ToArray();
            var block = (nint)NativeMemory.Alloc((nuint)Math.Max(1, all.Sum(b => b.Length)));
            handle.NamesBlock = block;
            var names = new nint[all.Length];
            var offset = 0;
            for (var i = 0; i < all.Length; i++)
            {
                names[i] = block + offset;
                all[i].CopyTo(new Span<byte>((void*)names[i], all[i].Length));
                offset += all[i].Length;
            }

            _inputNamePtrs = names[..inputs.Length];
            _outputNamePtrs = names[inputs.Length..];
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public string ModelPath { get; }

    public ExecutionProvider ExecutionProvider { get; }

    public IReadOnlyList<TensorInfo> Inputs { get; }

    public IReadOnlyList<TensorInfo> Outputs { get; }

    public IReadOnlyList<NamedTensor> Run(IReadOnlyList<NamedTensor> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var results = new NamedTensor[Outputs.Count];
        RunCore(inputs, null, results);
        return results;
    }

    public void Run(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<NamedTensor> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        RunCore(inputs, outputs, null);
    }

    public void Dispose() => _handle.Dispose();

    private void RunCore(IReadOnlyList<NamedTensor> inputs, IReadOnlyList<NamedTensor>? bound, NamedTensor[]? copied)
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        var api = _runtime.Api;
        var nIn = inputs.Count;
        var nOut = bound?.Count ?? Outputs.Count;
        var rankTotal = 0;
        for (var i = 0; i < nIn; i++)
        {
            rankTotal += inputs[i].Shape.Length;
        }

        for (var i = 0; bound is not null && i < nOut; i++)
        {
            rankTotal += bound[i].Shape.Length;
        }

        var inNames = stackalloc nint[nIn];
        var inValues = stackalloc nint[nIn];
        var outNames = stackalloc nint[nOut];
        var outValues = stackalloc nint[nOut];
        var shapes = stackalloc long[Math.Max(1, rankTotal)];
        new Span<nint>(inValues, nIn).Clear();
        new Span<nint>(outValues, nOut).Clear();
        var pins = ArrayPool<MemoryHandle>.Shared.Rent(nIn + nOut);
        var pinned = 0;
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var shapeOffset = 0;
            for (var i = 0; i < nIn; i++)
            {
                inNames[i] = _inputNamePtrs[IndexOf(Inputs, inputs[i].Name, "input")];
                inValues[i] = Wrap(inputs[i], shapes + shapeOffset, pins, ref pinned);
                shapeOffset += inputs[i].Shape.Length;
            }

            for (var i = 0; i < nOut; i++)
            {
                if (bound is null)
                {
                    outNames[i] = _outputNamePtrs[i];
                }
                else
                {
                    outNames[i] = _outputNamePtrs[IndexOf(Outputs, bound[i].Name, "output")];
                    outValues[i] = Wrap(bound[i], shapes + shapeOffset, pins, ref pinned);
                    shapeOffset += bound[i].Shape.Length;
                }
            }

            api.Check(api.Run(_handle.DangerousGetHandle(), 0, inNames, inValues, (nuint)nIn, outNames, (nuint)nOut, outValues));

            if (copied is not null)
            {
                for (var i = 0; i < nOut; i++)
                {
                    copied[i] = CopyOut(Outputs[i].Name, outValues[i]);
                }
            }
        }
        finally
        {
            for (var i = 0; i < nOut; i++)
            {
                if (outValues[i] != 0)
                {
                    api.ReleaseValue(outValues[i]);
                }
            }

            for (var i = 0; i < nIn; i++)
            {
                if (inValues[i] != 0)
                {
                    api.ReleaseValue(inValues[i]);
                }
            }

            for (var i = 0; i < pinned; i++)
            {
                pins[i].Dispose();
            }

            ArrayPool<MemoryHandle>.Shared.Return(pins, clearArray: true);
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private nint Wrap(NamedTensor tensor, long* shape, MemoryHandle[] pins, ref int pinned)
    {
        if (tensor.Shape is null)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' has no shape.");
        }

        var count = tensor.ElementCount;
        if (count != tensor.Data.Length)
        {
            throw new ArgumentException(
                $"Tensor '{tensor.Name}' has {tensor.Data.Length} elements but shape [{string.Join(", ", tensor.Shape)}] needs {count}.");
        }

        for (var d = 0; d < tensor.Shape.Length; d++)
        {
            shape[d] = tensor.Shape[d];
        }

        pins[pinned] = tensor.Data.Pin();
        var data = pins[pinned].Pointer;
        pinned++;
        nint value;
        _runtime.Api.Check(_runtime.Api.CreateTensorWithDataAsOrtValue(
            _runtime.CpuMemoryInfo, data, (nuint)count * sizeof(float), shape, (nuint)tensor.Shape.Length, ElementFloat, &value));
        return value;
    }

    private NamedTensor CopyOut(string name, nint value)
    {
        var api = _runtime.Api;
        nint info;
        api.Check(api.GetTensorTypeAndShape(value, &info));
        long[] shape;
        int type;
        try
        {
            nuint rank;
            api.Check(api.GetTensorElementType(info, &type));
            api.Check(api.GetDimensionsCount(info, &rank));
            shape = new long[(int)rank];
            fixed (long* p = shape)
            {
                api.Check(api.GetDimensions(info, p, rank));
            }
        }
        finally
        {
            api.ReleaseTensorTypeAndShapeInfo(info);
        }

        if (type != ElementFloat)
        {
            throw new NotSupportedException(
                $"Output '{name}' of {ModelPath} is {((TensorElementType)type).ToCardName()}; this binding reads float32 outputs only.");
        }

        void* data;
        api.Check(api.GetTensorMutableData(value, &data));
        var result = NamedTensor.AllocateUninitialized(name, shape);
        new ReadOnlySpan<float>(data, result.Data.Length).CopyTo(result.Data.Span);
        return result;
    }

    private int IndexOf(IReadOnlyList<TensorInfo> infos, string name, string kind)
    {
        for (var i = 0; i < infos.Count; i++)
        {
            if (string.Equals(infos[i].Name, name, StringComparison.Ordinal))
            {
                if (infos[i].ElementType != TensorElementType.Float32)
                {
                    throw new NotSupportedException(
                        $"Model {ModelPath} {kind} '{name}' is {infos[i].ElementType.ToCardName()}; this binding passes float32 tensors only.");
                }

                return i;
            }
        }

        throw new ArgumentException(
            $"Model {ModelPath} has no {kind} named '{name}'; its {kind}s are: {string.Join(", ", infos.Select(t => t.Name))}.");
    }

    private TensorInfo ReadInfo(nint session, nuint index, bool isInput)
    {
        var api = _runtime.Api;
        byte* rawName;
        api.Check(isInput
            ? api.SessionGetInputName(session, index, _runtime.DefaultAllocator, &rawName)
            : api.SessionGetOutputName(session, index, _runtime.DefaultAllocator, &rawName));
        string name;
        try
        {
            name = Marshal.PtrToStringUTF8((nint)rawName) ?? string.Empty;
        }
        finally
        {
            api.Check(api.AllocatorFree(_runtime.DefaultAllocator, rawName));
        }

        nint typeInfo;
        api.Check(isInput
            ? api.SessionGetInputTypeInfo(session, index, &typeInfo)
            : api.SessionGetOutputTypeInfo(session, index, &typeInfo));
        try
        {
            int onnxType;
            api.Check(api.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType));
            if (onnxType != OnnxTypeTensor)
            {
                return new TensorInfo(name, TensorElementType.Undefined, []);
            }

            nint tensorInfo; // owned by typeInfo: not released separately
            api.Check(api.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
            int element;
            nuint rank;
            api.Check(api.GetTensorElementType(tensorInfo, &element));
            api.Check(api.GetDimensionsCount(tensorInfo, &rank));
            var dims = new long[(int)rank];
            fixed (long* p = dims)
            {
                api.Check(api.GetDimensions(tensorInfo, p, rank));
            }

            return new TensorInfo(name, (TensorElementType)element, dims);
        }
        finally
        {
            api.ReleaseTypeInfo(typeInfo);
        }
    }
}
