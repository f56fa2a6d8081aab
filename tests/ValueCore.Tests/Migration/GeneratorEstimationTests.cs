using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class GeneratorEstimationTests
{
    private const double Tolerance = 1e-12;

    private static TransitionMatrix NotEmbeddable() => TransitionMatrix.Create(MigrationTestData.Abd,
        new double[,] { { 0.9, 0.1, 0.0 }, { 0.05, 0.85, 0.10 }, { 0, 0, 1 } });

    [Fact]
    public void FromMatrix_Log_OfExpOfValidGenerator_ReturnsIt()
    {
        // Closed form: P = exp(Q) for a valid Q; the principal log is Q (all methods built on it agree).
        double[,] q = { { -0.2, 0.15, 0.05 }, { 0.1, -0.3, 0.2 }, { 0, 0, 0 } };
        var p = Generator.Create(MigrationTestData.Abd, q).Over(1);
        foreach (var method in new[] { EmbeddingMethod.Log, EmbeddingMethod.DiagonalAdjustment, EmbeddingMethod.WeightedAdjustment, EmbeddingMethod.QuasiOptimisation })
        {
            var r = GeneratorEstimation.FromMatrix(p, method);
            r.Diagnostics.IsValidGenerator.Should().BeTrue();
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    r.Generator[i, j].Should().BeApproximately(q[i, j], 1e-11, $"{method} ({i}, {j})");
                }
            }

            r.MaxAbsDistance.Should().BeLessThan(1e-12);
        }
    }

    [Fact]
    public void FromMatrix_Jlt_MatchesFormula()
    {
        // JLT (1997): lambda_ii = ln p_ii, lambda_ij = -lambda_ii p_ij / (1 - p_ii).
        var p = NotEmbeddable();
        var g = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.Jlt).Generator;
        g[0, 0].Should().BeApproximately(Math.Log(0.9), Tolerance);
        g[0, 1].Should().BeApproximately(-Math.Log(0.9), Tolerance);
        g[1, 0].Should().BeApproximately(-Math.Log(0.85) * 0.05 / 0.15, Tolerance);
        g[1, 2].Should().BeApproximately(-Math.Log(0.85) * 0.10 / 0.15, Tolerance);
        g[2, 2].Should().Be(0);
    }

    [Fact]
    public void FromMatrix_LogNotAGenerator_ThrowsAndRegularisationsGiveValidGenerators()
    {
        // P(A, D) = 0 but A reaches D through B within the year: log P has a negative (A, D) intensity.
        var p = NotEmbeddable();
        var diagnostics = GeneratorEstimation.Diagnose(p);
        diagnostics.HasRealLogarithm.Should().BeTrue();
        diagnostics.NegativeOffDiagonalCount.Should().BeGreaterThan(0);
        var act = () => GeneratorEstimation.FromMatrix(p, EmbeddingMethod.Log);
        act.Should().Throw<InvalidOperationException>().WithMessage("*not a valid generator*");

        var da = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.DiagonalAdjustment);
        var wa = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.WeightedAdjustment);
        var qog = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.QuasiOptimisation);
        foreach (var r in new[] { da, wa, qog })
        {
            r.MaxAbsDistance.Should().BeGreaterThan(0).And.BeLessThan(0.01);
            for (int i = 0; i < 3; i++)
            {
                (r.Generator[i, 0] + r.Generator[i, 1] + r.Generator[i, 2]).Should().BeApproximately(0, 1e-15);
            }
        }
    }

    [Fact]
    public void QuasiOptimisation_IsClosestValidGeneratorToLog()
    {
        // Invariant (Kreinin-Sidelnikova): QOG is the Euclidean projection of log P, so no other valid generator (DA, WA) is closer to log P.
        var p = NotEmbeddable();
        Assert.True(ValueCore.Internal.DenseMatrix.TryLog(p.RowMajorForTests(), 3, out var log, out _));
        double Dist(Generator g)
        {
            double s = 0;
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    s += Math.Pow(g[i, j] - log[(i * 3) + j], 2);
                }
            }

            return s;
        }

        double qog = Dist(GeneratorEstimation.FromMatrix(p, EmbeddingMethod.QuasiOptimisation).Generator);
        Dist(GeneratorEstimation.FromMatrix(p, EmbeddingMethod.DiagonalAdjustment).Generator).Should().BeGreaterThanOrEqualTo(qog);
        Dist(GeneratorEstimation.FromMatrix(p, EmbeddingMethod.WeightedAdjustment).Generator).Should().BeGreaterThanOrEqualTo(qog);
    }

    [Theory]
    [InlineData(new[] { -0.5, 0.3, -0.1, 0.2 }, new[] { -0.5, 0.3, 0.0, 0.2 })]
    [InlineData(new[] { -0.2, 0.3, -0.2, 0.05 }, new[] { -0.25, 0.25, 0.0, 0.0 })]
    public void ProjectRow_HandWorkedRows_GivesProjection(double[] row, double[] expected)
    {
        // Hand-worked: x_j = max(a_j - mu, 0), x_0 = a_0 - mu, mu = (a_0 + active a_j) / (1 + #active): mu = 0 and mu = 0.05.
        GeneratorEstimation.ProjectRow(row, 0);
        for (int j = 0; j < row.Length; j++)
        {
            row[j].Should().BeApproximately(expected[j], 1e-15);
        }
    }

    [Fact]
    public void WeightedAdjustment_HandWorkedRow_MovesNegativeMassProportionally()
    {
        // IRW WA: G = 0.5 + 0.6 = 1.1, B = 0.1: (-0.5 - 0.1 * 0.5 / 1.1, 0.6 - 0.1 * 0.6 / 1.1, 0).
        double[] q = [-0.5, 0.6, -0.1, 0, 0, 0, 0, 0, 0];
        GeneratorEstimation.WeightedAdjustment(q, 3);
        q[0].Should().BeApproximately(-0.5 - (0.1 * 0.5 / 1.1), 1e-15);
        q[1].Should().BeApproximately(0.6 - (0.1 * 0.6 / 1.1), 1e-15);
        q[2].Should().Be(0);
    }

    [Fact]
    public void FromMatrix_NegativeEigenvalue_ReportsNoRealLogarithm()
    {
        // A and B swap every year: eigenvalue -1, no real logarithm (and p_AA = 0 rules out JLT).
        var p = TransitionMatrix.Create(MigrationTestData.Abd, new double[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } });
        GeneratorEstimation.Diagnose(p).HasRealLogarithm.Should().BeFalse();
        var act = () => GeneratorEstimation.FromMatrix(p, EmbeddingMethod.DiagonalAdjustment);
        act.Should().Throw<InvalidOperationException>().WithMessage("*no real principal logarithm*");
        var jlt = () => GeneratorEstimation.FromMatrix(p, EmbeddingMethod.Jlt);
        jlt.Should().Throw<InvalidOperationException>().WithMessage("*p_ii > 0*");
    }
}

internal static class TransitionMatrixTestExtensions
{
    public static double[] RowMajorForTests(this TransitionMatrix m)
    {
        var a = m.ToArray();
        var r = new double[a.Length];
        Buffer.BlockCopy(a, 0, r, 0, a.Length * sizeof(double));
        return r;
    }
}
