namespace LiverScreen.Inference.Runtime;

/// <summary>An error ONNX Runtime returned, with its OrtErrorCode and its own message.</summary>
public sealed class OrtException : Exception
{
    public OrtException(int code, string message)
        : base($"ONNX Runtime error {CodeName(code)}: {message}")
    {
        Code = code;
        OrtMessage = message;
    }

    public OrtException()
    {
        OrtMessage = string.Empty;
    }

    public OrtException(string message)
        : base(message)
    {
        OrtMessage = message;
    }

    public OrtException(string message, Exception innerException)
        : base(message, innerException)
    {
        OrtMessage = message;
    }

    /// <summary>OrtErrorCode: 1 FAIL, 2 INVALID_ARGUMENT, 3 NO_SUCHFILE, 4 NO_MODEL, 5 ENGINE_ERROR, 6 RUNTIME_EXCEPTION, 7 INVALID_PROTOBUF, ...</summary>
    public int Code { get; }

    /// <summary>The message exactly as ORT wrote it.</summary>
    public string OrtMessage { get; }

    private static string CodeName(int code) => code switch
    {
        1 => "FAIL",
        2 => "INVALID_ARGUMENT",
        3 => "NO_SUCHFILE",
        4 => "NO_MODEL",
        5 => "ENGINE_ERROR",
        6 => "RUNTIME_EXCEPTION",
        7 => "INVALID_PROTOBUF",
        8 => "MODEL_LOADED",
        9 => "NOT_IMPLEMENTED",
        10 => "INVALID_GRAPH",
        11 => "EP_FAIL",
        _ => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
