using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;

namespace LiverScreen.Detection.Patient;

/// <summary>classifyPatient of paper 002 (Eq. 12): the highest-priority lesion type present,
/// HCC &gt; ICC &gt; Meta &gt; Hem &gt; Other &gt; Cyst (malignancy degree), or Normal when there is none.</summary>
public static class PatientClassifier
{
    /// <summary>Priority order, highest first. The enum values happen to follow it (HCC=2 .. Cyst=7).</summary>
    public static IReadOnlyList<LesionType> Priority { get; } =
        [LesionType.HCC, LesionType.ICC, LesionType.Meta, LesionType.Hem, LesionType.Other, LesionType.Cyst];

    public static PatientClass Classify(IEnumerable<LesionType> lesionTypes)
    {
        ArgumentNullException.ThrowIfNull(lesionTypes);
        var best = int.MaxValue;
        foreach (var t in lesionTypes)
        {
            var rank = Rank(t);
            if (rank < best)
            {
                best = rank;
            }
        }

        return best == int.MaxValue ? PatientClass.Normal : (PatientClass)Priority[best];
    }

    /// <summary>0 for HCC .. 5 for Cyst; 6 for Normal.</summary>
    public static int Rank(LesionType type)
    {
        var i = Priority.ToList().IndexOf(type);
        return i < 0 ? throw new ArgumentOutOfRangeException(nameof(type), type, "Not a lesion type.") : i;
    }

    public static int Rank(PatientClass patientClass) =>
        patientClass == PatientClass.Normal ? Priority.Count : Rank((LesionType)patientClass);

    /// <summary>Malignant = HCC, ICC or Meta (paper 002 section V-A, "Malig" group).</summary>
    public static bool IsMalignant(PatientClass patientClass) =>
        patientClass is PatientClass.HCC or PatientClass.ICC or PatientClass.Meta;

    public static bool IsMalignant(LesionType type) => type is LesionType.HCC or LesionType.ICC or LesionType.Meta;
}
