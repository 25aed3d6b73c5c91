namespace LiverScreen.Inference.Cards;

/// <summary>How the model was made: the recipe's path, the seeds tried and the one selected.</summary>
public sealed record ModelCardTraining
{
    public string? Recipe { get; init; }

    public IReadOnlyList<int>? Seeds { get; init; }

    public int? Selected { get; init; }
}
