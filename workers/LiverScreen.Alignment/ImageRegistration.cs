using System.Diagnostics;
using LiverScreen.Alignment.Quality;
using LiverScreen.Alignment.Registration;
using LiverScreen.Imaging;
using LiverScreen.Imaging.Resampling;

namespace LiverScreen.Alignment;

/// <summary>
/// Registers a moving phase onto the reference phase: centre-of-mass initialisation, rigid then affine over a
/// Gaussian pyramid, then an optional B-spline refinement, all maximising Mattes mutual information over a fixed
/// random sample of body-mask voxels of the reference. Pure and deterministic (seeded samples, chunked sums).
/// </summary>
public static class ImageRegistration
{
    public static RegistrationOutcome Register(Volume<short> reference, Volume<short> moving, RegistrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(moving);
        return Register(reference.ToFloat(), moving.ToFloat(), options);
    }

    public static RegistrationOutcome Register(Volume<float> reference, Volume<float> moving, RegistrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(moving);
        var o = options ?? new RegistrationOptions();
        return Register(PreparedReference.Prepare(reference, o), moving);
    }

    /// <summary>
    /// Registers <paramref name="moving"/> onto a reference whose pyramid, body masks and sample sets were built once
    /// (<see cref="PreparedReference"/>): a 4-phase study registers three phases onto the same reference, and its
    /// full-resolution smoothing is the largest single cost of the pyramid. Same result as the one-shot overload.
    /// </summary>
    internal static RegistrationOutcome Register(PreparedReference prepared, Volume<float> moving)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(moving);
        var o = prepared.Options;
        var clock = Stopwatch.StartNew();
        var levels = o.LevelSpacingMm.Count;
        var fixedLevels = prepared.Levels;
        var movingLevels = ImagePyramid.Build(moving, o.LevelSpacingMm, o.WindowMinHu, o.WindowMaxHu);

        var stages = new Dictionary<string, double> { ["pyramid"] = clock.Elapsed.TotalSeconds };
        var masks = prepared.Masks;
        var samples = prepared.Samples;
        var finest = levels - 1;
        var qaSamples = prepared.QaSamples;
        if (samples[0].Count < 100 || qaSamples.Count < 100)
        {
            var none = new RegistrationQuality(1, 1, 0, 0, 0, 1, 1, 0, 0, false);
            return new RegistrationOutcome(PhaseTransform.Identity, none, false, "reference has no body region above the mask threshold", clock.Elapsed);
        }

        // Centre and radius of the sample cloud: the transform centre, and the mm-per-unit scale of matrix entries.
        var center = Mean(qaSamples.Points);
        var radius = Rms(qaSamples.Points, center);
        var movingMask = BodyMask.Compute(movingLevels[0].Volume, o.MaskThresholdHu);
        var movingCentroid = MaskCentroid(movingLevels[0], movingMask);
        var fixedCentroid = MaskCentroid(fixedLevels[0], masks[0]);
        var t0 = movingCentroid - fixedCentroid;
        if (t0.Length > o.MaxCentreDisplacementMm)
        {
            t0 = Vec3.Zero; // implausible: probably different coverage, not motion
        }

        var rigid = new RigidModel(center, t0, (radius.X + radius.Y + radius.Z) / 3);
        var p = rigid.Parameters;
        for (var l = 0; l < Math.Min(o.RigidLevels, levels); l++)
        {
            p = Optimise(rigid, samples[l], movingLevels[l], o, p, StepFor(o, l), maxNorm: false, o.MaxIterations);
        }

        rigid.SetParameters(p);
        stages["rigid"] = clock.Elapsed.TotalSeconds;
        var affine = new AffineModel(rigid.Transform, center, radius);
        var a = affine.Parameters;
        for (var l = Math.Max(0, Math.Min(o.RigidLevels, levels) - 1); l < levels; l++)
        {
            a = Optimise(affine, samples[l], movingLevels[l], o, a, StepFor(o, l) / 2, maxNorm: false, o.MaxIterations);
        }

        affine.SetParameters(a);
        stages["affine"] = clock.Elapsed.TotalSeconds;
        var affineTransform = affine.Transform;
        var finalTransform = new PhaseTransform(affineTransform);

        var before = NormalisedMutualInformation.Compute(qaSamples, movingLevels[finest], AffineTransform.Identity, o.WindowMinHu, o.WindowMaxHu);
        var after = NormalisedMutualInformation.Compute(qaSamples, movingLevels[finest], finalTransform, o.WindowMinHu, o.WindowMaxHu);
        var deformableUsed = false;
        if (o.Deformable)
        {
            var (min, max) = Bounds(qaSamples.Points);
            var field = BSplineDeformation.Covering(min, max, o.ControlPointSpacingMm);
            // Coarse to fine on the same control grid: most of the motion is found on the cheap level, the finest
            // level only polishes it (half the step, the same iteration budget split in two).
            var c = new double[field.Coefficients.Length];
            var first = Math.Clamp(o.DeformableLevel, 0, finest);
            for (var l = first; l <= finest; l++)
            {
                var model = new BSplineModel(affineTransform, field, samples[l]);
                var iterations = first == finest ? o.DeformableIterations : o.DeformableIterations / 2;
                c = Optimise(model, samples[l], movingLevels[l], o, c, l == first ? 2.0 : 1.0, maxNorm: true, iterations);
            }

            field.Coefficients.AsSpan().Clear();
            c.CopyTo(field.Coefficients, 0);
            var candidate = new PhaseTransform(affineTransform, field);
            var deformed = NormalisedMutualInformation.Compute(qaSamples, movingLevels[finest], candidate, o.WindowMinHu, o.WindowMaxHu);
            if (deformed.Nmi > after.Nmi)
            {
                finalTransform = candidate;
                after = deformed;
                deformableUsed = true;
            }
        }

        stages["deformable"] = clock.Elapsed.TotalSeconds;
        var miBefore = new MattesMutualInformation(qaSamples, movingLevels[finest], o.WindowMinHu, o.WindowMaxHu)
            .Evaluate(new AffineModel(AffineTransform.Identity, center, radius), null);
        var miAfter = EvaluateMattes(qaSamples, movingLevels[finest], o, finalTransform, center, radius);
        var jacobianPoints = qaSamples.Points.Where((_, i) => i % 10 == 0).ToArray();
        var (jMin, jMax) = JacobianRange.Compute(finalTransform, jacobianPoints);
        var displacement = (affineTransform.Apply(center) - center).Length;
        var m = affineTransform.Matrix;
        var deviation = Math.Sqrt(m.ToArray().Select((v, i) => i % 4 == 0 ? (v - 1) * (v - 1) : v * v).Sum());
        var quality = new RegistrationQuality(before.Nmi, after.Nmi, miBefore, miAfter, after.Overlap, jMin, jMax, displacement, deviation, deformableUsed);
        var reason = Judge(quality, o);
        stages["qa"] = clock.Elapsed.TotalSeconds;
        return new RegistrationOutcome(finalTransform, quality, reason is null, reason, clock.Elapsed) { StageEndSeconds = stages };
    }

    /// <summary>The pass/fail rule. Every limit is in <see cref="RegistrationOptions"/>; the first one broken is named.</summary>
    public static string? Judge(RegistrationQuality q, RegistrationOptions o)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentNullException.ThrowIfNull(o);
        if (q.Overlap < o.MinOverlap)
        {
            return FormattableString.Invariant($"only {q.Overlap:P0} of the body maps inside the moving series (min {o.MinOverlap:P0})");
        }

        if (q.NmiAfter < o.MinNmi)
        {
            return FormattableString.Invariant($"similarity after registration too low: NMI {q.NmiAfter:0.000} < {o.MinNmi:0.000} (images look unrelated)");
        }

        if (q.JacobianMin < o.MinJacobian || q.JacobianMax > o.MaxJacobian)
        {
            return FormattableString.Invariant($"implausible deformation: Jacobian determinant range [{q.JacobianMin:0.00}, {q.JacobianMax:0.00}] outside [{o.MinJacobian}, {o.MaxJacobian}]");
        }

        if (q.CentreDisplacementMm > o.MaxCentreDisplacementMm)
        {
            return FormattableString.Invariant($"implausible shift of {q.CentreDisplacementMm:0.0} mm (max {o.MaxCentreDisplacementMm} mm)");
        }

        if (q.MatrixDeviation > o.MaxMatrixDeviation)
        {
            return FormattableString.Invariant($"implausible rotation/scaling: |A - I| = {q.MatrixDeviation:0.00} (max {o.MaxMatrixDeviation})");
        }

        return null;
    }

    private static double StepFor(RegistrationOptions o, int level) => Math.Max(1.0, o.LevelSpacingMm[level] / 2);

    private static double[] Optimise(ITransformModel model, SampleSet samples, LevelImage moving, RegistrationOptions o, double[] start, double stepMm, bool maxNorm, int iterations)
    {
        var metric = new MattesMutualInformation(samples, moving, o.WindowMinHu, o.WindowMaxHu);
        double Objective(double[] parameters, double[] gradient)
        {
            model.SetParameters(parameters);
            return metric.Evaluate(model, gradient);
        }

        var (best, _, _) = RegularStepGradientAscent.Maximise(Objective, start, model.Scales, stepMm, 0.02, iterations, 0.5, maxNorm);
        model.SetParameters(best);
        return best;
    }

    private static double EvaluateMattes(SampleSet samples, LevelImage moving, RegistrationOptions o, PhaseTransform t, Vec3 center, Vec3 radius)
    {
        if (t.Deformation is null)
        {
            var model = new AffineModel(t.Affine, center, radius);
            return new MattesMutualInformation(samples, moving, o.WindowMinHu, o.WindowMaxHu).Evaluate(model, null);
        }

        var b = new BSplineModel(t.Affine, t.Deformation, samples);
        b.SetParameters(t.Deformation.Coefficients);
        return new MattesMutualInformation(samples, moving, o.WindowMinHu, o.WindowMaxHu).Evaluate(b, null);
    }

    private static Vec3 Mean(Vec3[] points)
    {
        var s = Vec3.Zero;
        foreach (var p in points)
        {
            s += p;
        }

        return s / points.Length;
    }

    private static Vec3 Rms(Vec3[] points, Vec3 c)
    {
        double x = 0, y = 0, z = 0;
        foreach (var p in points)
        {
            var d = p - c;
            x += d.X * d.X;
            y += d.Y * d.Y;
            z += d.Z * d.Z;
        }

        var n = points.Length;
        return new Vec3(Math.Max(10, Math.Sqrt(x / n)), Math.Max(10, Math.Sqrt(y / n)), Math.Max(10, Math.Sqrt(z / n)));
    }

    private static (Vec3 Min, Vec3 Max) Bounds(Vec3[] points)
    {
        var min = new Vec3(double.MaxValue, double.MaxValue, double.MaxValue);
        var max = new Vec3(double.MinValue, double.MinValue, double.MinValue);
        foreach (var p in points)
        {
            min = new Vec3(Math.Min(min.X, p.X), Math.Min(min.Y, p.Y), Math.Min(min.Z, p.Z));
            max = new Vec3(Math.Max(max.X, p.X), Math.Max(max.Y, p.Y), Math.Max(max.Z, p.Z));
        }

        return (min, max);
    }

    private static Vec3 MaskCentroid(LevelImage image, byte[] mask)
    {
        var s = image.Volume.Size;
        double x = 0, y = 0, z = 0;
        long n = 0;
        for (var k = 0; k < s.Z; k++)
        {
            for (var j = 0; j < s.Y; j++)
            {
                for (var i = 0; i < s.X; i++)
                {
                    if (mask[(k * s.Y + j) * s.X + i] != 0)
                    {
                        x += i;
                        y += j;
                        z += k;
                        n++;
                    }
                }
            }
        }

        return n == 0 ? image.Geometry.CenterLps : image.Geometry.IndexToLps(x / n, y / n, z / n);
    }
}
