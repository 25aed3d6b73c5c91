namespace LiverScreen.Contracts.Results;

/// <summary>Paper 002's two settings: screening (non-contrast only) and diagnosis (non-contrast plus contrast phases).</summary>
public enum StudySetting
{
    Screening,
    Diagnosis,
}
