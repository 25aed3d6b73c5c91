using System.Security.Cryptography;
using System.Text.Json;

namespace LiverScreen.Pipeline.Stages;

/// <summary>The "input" part of a stage's idempotency key (study, stage, input): a hash of the message's JSON.
/// A redelivery has the same hash; a replay after upstream data changed has a new one and runs again.</summary>
public static class MessageHash
{
    public static string Of<T>(T message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, PipelineJson.Options);
        return Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
    }
}
