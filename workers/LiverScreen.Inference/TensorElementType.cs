namespace LiverScreen.Inference;

/// <summary>Element type of a model input or output; values are ONNX's TensorProto.DataType codes (as ORT reports them).</summary>
#pragma warning disable CA1720 // The members are named for the tensor element types they are (ONNX spelling), on purpose.
public enum TensorElementType
{
    Undefined = 0,
    Float32 = 1,
    UInt8 = 2,
    Int8 = 3,
    UInt16 = 4,
    Int16 = 5,
    Int32 = 6,
    Int64 = 7,
    String = 8,
    Bool = 9,
    Float16 = 10,
    Float64 = 11,
    UInt32 = 12,
    UInt64 = 13,
    Complex64 = 14,
    Complex128 = 15,
    BFloat16 = 16,
}
#pragma warning restore CA1720
