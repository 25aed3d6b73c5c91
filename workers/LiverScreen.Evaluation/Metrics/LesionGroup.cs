using LiverScreen.Contracts;

namespace LiverScreen.Evaluation.Metrics;

/// <summary>
/// A row of paper 002's lesion tables (II, III, V). Per-type rows and "All" count a hit only with the exact type (All is
/// the sum of the type rows: Table V's All TP 448 = 223 + 8 + 130 + 6 + 25 + 56); "Malig" counts a malignant lesion found
/// as any malignant type as a hit (Table V: Malig TP 385 exceeds the 361 exact-type malignant hits).
/// </summary>
public sealed record LesionGroup(string Name, IReadOnlyList<LesionType> Types, bool ExactType)
{
    // Declared before TableRows: static initialisers run in text order.
    public static LesionGroup All { get; } = new("All", Enum.GetValues<LesionType>(), true);

    public static LesionGroup Malig { get; } = new("Malig", [LesionType.HCC, LesionType.ICC, LesionType.Meta], false);

    public static IReadOnlyList<LesionGroup> TableRows { get; } =
    [
        new("HCC", [LesionType.HCC], true),
        new("ICC", [LesionType.ICC], true),
        new("Meta", [LesionType.Meta], true),
        new("Hem", [LesionType.Hem], true),
        new("Other", [LesionType.Other], true),
        new("Cyst", [LesionType.Cyst], true),
        All,
        Malig,
    ];

    public bool Contains(LesionType type) => Types.Contains(type);
}
