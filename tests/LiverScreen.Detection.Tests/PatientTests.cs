using LiverScreen.Contracts;
using LiverScreen.Contracts.Results;
using LiverScreen.Detection.Patient;

namespace LiverScreen.Detection.Tests;

public class PatientTests
{
    [Theory]
    [InlineData(new LesionType[0], PatientClass.Normal)]
    [InlineData(new[] { LesionType.Cyst }, PatientClass.Cyst)]
    [InlineData(new[] { LesionType.Cyst, LesionType.Other, LesionType.Hem }, PatientClass.Hem)]
    [InlineData(new[] { LesionType.Hem, LesionType.Meta, LesionType.Cyst }, PatientClass.Meta)]
    [InlineData(new[] { LesionType.Meta, LesionType.ICC }, PatientClass.ICC)]
    [InlineData(new[] { LesionType.Cyst, LesionType.ICC, LesionType.HCC, LesionType.Meta }, PatientClass.HCC)]
    [InlineData(new[] { LesionType.Other, LesionType.Cyst }, PatientClass.Other)]
    public void ClassifyPatient_takes_the_highest_priority_type(LesionType[] types, PatientClass expected) =>
        Assert.Equal(expected, PatientClassifier.Classify(types));

    [Fact]
    public void Malignant_means_HCC_ICC_or_Meta()
    {
        var malignant = Enum.GetValues<PatientClass>().Where(PatientClassifier.IsMalignant);
        Assert.Equal([PatientClass.HCC, PatientClass.ICC, PatientClass.Meta], malignant);
    }

    [Fact]
    public void Joint_decision_reports_agreement_and_marks_disagreement_uncertain()
    {
        var agree = new JointDecision(PatientClass.Meta, PatientClass.Meta);
        Assert.False(agree.Uncertain);
        Assert.Equal(PatientClass.Meta, agree.Class);

        var subtype = new JointDecision(PatientClass.Meta, PatientClass.HCC);
        Assert.True(subtype.Uncertain);
        Assert.Null(subtype.Class);
        Assert.True(subtype.MalignancyAgrees);

        var malignancy = new JointDecision(PatientClass.Normal, PatientClass.HCC);
        Assert.True(malignancy.Uncertain);
        Assert.False(malignancy.MalignancyAgrees);
    }
}
