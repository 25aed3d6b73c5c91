namespace LiverScreen.Alignment.Quality;

/// <summary>QA of one phase registration. NMI is Studholme's (1 = unrelated, 2 = identical) on the finest level,
/// over QA samples the optimiser never saw; Overlap is the fraction of those samples that map inside the moving
/// series; the Jacobian determinant range is over the body mask; displacement and rotation describe how far the
/// affine part moved the mask centre (mm) and how far its matrix is from identity (Frobenius norm).</summary>
public sealed record RegistrationQuality(
    double NmiBefore,
    double NmiAfter,
    double MattesMiBefore,
    double MattesMiAfter,
    double Overlap,
    double JacobianMin,
    double JacobianMax,
    double CentreDisplacementMm,
    double MatrixDeviation,
    bool DeformableUsed);
