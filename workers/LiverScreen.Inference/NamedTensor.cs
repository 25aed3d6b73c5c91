namespace LiverScreen.Inference;

/// <summary>
/// A dense float32 tensor in C order with the model input or output name it binds to. <see cref="Data"/> may be
/// managed memory (pinned only for the duration of a run) or native memory (<see cref="NativeTensorMemory"/>).
/// </summary>
public readonly record struct NamedTensor(string Name, Memory<float> Data, long[] Shape)
{
    /// <summary>Product of the dimensions (the element count the data must have).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n = checked(n * d);
            }

            return n;
        }
    }

    public static NamedTensor Allocate(string name, params long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long n = 1;
        foreach (var d in shape)
        {
            n = checked(n * d);
        }

        return new NamedTensor(name, new float[checked((int)n)], shape);
    }

    /// <summary>Like <see cref="Allocate"/> but the contents are undefined (for buffers about to be overwritten).</summary>
    internal static NamedTensor AllocateUninitialized(string name, long[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            n = checked(n * d);
        }

        return new NamedTensor(name, GC.AllocateUninitializedArray<float>(checked((int)n)), shape);
    }
}
