using LiverScreen.Contracts;

namespace LiverScreen.Inference.Cards;

/// <summary>One input channel: a phase's normalised image ("NC") or its presence flag ("NC_present", constant 1 or 0).</summary>
public readonly record struct ChannelSpec(Phase Phase, bool IsPresenceFlag)
{
    public const string PresenceSuffix = "_present";

    public static bool TryParse(string text, out ChannelSpec spec)
    {
        spec = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var presence = text.EndsWith(PresenceSuffix, StringComparison.Ordinal);
        var phaseText = presence ? text[..^PresenceSuffix.Length] : text;
        if (!Enum.TryParse<Phase>(phaseText, ignoreCase: false, out var phase) || phase == Phase.Unknown
            || !Enum.IsDefined(phase) || phaseText != phase.ToString())
        {
            return false;
        }

        spec = new ChannelSpec(phase, presence);
        return true;
    }

    public override string ToString() => IsPresenceFlag ? Phase + PresenceSuffix : Phase.ToString();
}
