using LiverScreen.Contracts;

namespace LiverScreen.Inference.Cards;

/// <summary>What an input channel carries.</summary>
public enum ChannelKind
{
    /// <summary>A phase's window-normalised HU image ("NC").</summary>
    Image,

    /// <summary>A phase's presence flag ("NC_present": constant 1 when the phase exists, else 0).</summary>
    Presence,

    /// <summary>
    /// "LR_position": where the voxel lies across the body, -1 at the patient's right edge to +1 at the left edge,
    /// linear in the grid column and continued beyond the body. A 12 cm segmentation patch of spleen or heart looks
    /// like liver; this tells the network which side of the body the patch is on (docs/formats.md).
    /// </summary>
    LateralPosition,
}

/// <summary>One input channel: a phase's normalised image ("NC"), its presence flag ("NC_present", constant 1 or 0),
/// or the lateral position across the body ("LR_position", <see cref="ChannelKind.LateralPosition"/>; no phase).</summary>
public readonly record struct ChannelSpec(Phase Phase, ChannelKind Kind)
{
    public const string PresenceSuffix = "_present";

    public const string LateralPositionName = "LR_position";

    public bool IsPresenceFlag => Kind == ChannelKind.Presence;

    public static ChannelSpec LateralPosition => new(Phase.Unknown, ChannelKind.LateralPosition);

    public static bool TryParse(string text, out ChannelSpec spec)
    {
        spec = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == LateralPositionName)
        {
            spec = LateralPosition;
            return true;
        }

        var presence = text.EndsWith(PresenceSuffix, StringComparison.Ordinal);
        var phaseText = presence ? text[..^PresenceSuffix.Length] : text;
        if (!Enum.TryParse<Phase>(phaseText, ignoreCase: false, out var phase) || phase == Phase.Unknown
            || !Enum.IsDefined(phase) || phaseText != phase.ToString())
        {
            return false;
        }

        spec = new ChannelSpec(phase, presence ? ChannelKind.Presence : ChannelKind.Image);
        return true;
    }

    public override string ToString() => Kind switch
    {
        ChannelKind.LateralPosition => LateralPositionName,
        ChannelKind.Presence => Phase + PresenceSuffix,
        _ => Phase.ToString(),
    };
}
