using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

/// <summary>
/// The one-year Standard &amp; Poor's matrix of Jarrow, Lando and Turnbull, "A Markov model for the term structure of
/// credit risk spreads", Review of Financial Studies 10 (1997) 481-523 (the matrix Israel, Rosenthal and Wei 2001
/// use to show that log P need not be a valid generator), in fractions as published to four decimals; rows are
/// rescaled to sum to 1 because the published rows sum to 0.9998-1.0002 after rounding.
/// </summary>
public class JltMatrixTests
{
    private static TransitionMatrix Jlt()
    {
        double[,] p =
        {
            { 0.891, 0.0963, 0.0078, 0.0019, 0.003, 0, 0, 0 },
            { 0.0086, 0.901, 0.0747, 0.0099, 0.0029, 0.0029, 0, 0 },
            { 0.0009, 0.0291, 0.8894, 0.0649, 0.0101, 0.0045, 0, 0.0009 },
            { 0.0006, 0.0043, 0.0656, 0.8427, 0.0644, 0.016, 0.0018, 0.0045 },
            { 0.0004, 0.0022, 0.0079, 0.0719, 0.7764, 0.1043, 0.0127, 0.0241 },
            { 0, 0.0019, 0.0031, 0.0066, 0.0517, 0.8246, 0.0435, 0.0685 },
            { 0, 0, 0.0116, 0.0116, 0.0203, 0.0754, 0.6493, 0.2319 },
            { 0, 0, 0, 0, 0, 0, 0, 1 },
        };
        for (int i = 0; i < 8; i++)
        {
            double sum = 0;
            for (int j = 0; j < 8; j++)
            {
                sum += p[i, j];
            }

            for (int j = 0; j < 8; j++)
            {
                p[i, j] /= sum;
            }
        }

        return TransitionMatrix.Create(StateSpace.Create(["AAA", "AA", "A", "BBB", "BB", "B", "CCC", "D"]), p);
    }

    [Fact]
    public void Diagnose_JltMatrix_LogExistsButIsNotAGenerator()
    {
        // IRW (2001): every p_ii > 1/2, so the log series converges, yet log P has negative off-diagonal entries.
        var d = GeneratorEstimation.Diagnose(Jlt());
        d.DiagonalsAboveHalf.Should().BeTrue();
        d.HasRealLogarithm.Should().BeTrue();
        d.IsValidGenerator.Should().BeFalse();
        d.NegativeOffDiagonalCount.Should().BeGreaterThan(0);
    }

    [Fact]
    public void Jlt_AaaRow_MatchesJltFormula()
    {
        // JLT (1997): lambda_AAA = ln 0.891 = -0.115411; lambda_AAA,AA = -ln(0.891) x 0.0963 / 0.109 = 0.101964 (AAA row sums to 1 exactly).
        var g = GeneratorEstimation.FromMatrix(Jlt(), EmbeddingMethod.Jlt).Generator;
        g[0, 0].Should().BeApproximately(-0.115411, 0.0000005);
        g[0, 1].Should().BeApproximately(0.101964, 0.0000005);
    }

    [Fact]
    public void Regularisations_JltMatrix_GiveValidGeneratorsCloseToTheMatrix()
    {
        // Every fix gives a valid generator; QOG, the Euclidean projection of log P, reproduces P at least as well as DA
        // and WA here (Kreinin and Sidelnikova 2001 report the same ordering), and all three beat JLT's one-jump approximation.
        var p = Jlt();
        var da = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.DiagonalAdjustment);
        var wa = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.WeightedAdjustment);
        var qog = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.QuasiOptimisation);
        var jlt = GeneratorEstimation.FromMatrix(p, EmbeddingMethod.Jlt);
        qog.FrobeniusDistance.Should().BeLessThanOrEqualTo(wa.FrobeniusDistance).And.BeLessThanOrEqualTo(da.FrobeniusDistance);
        da.FrobeniusDistance.Should().BeLessThan(jlt.FrobeniusDistance);
        da.MaxAbsDistance.Should().BeLessThan(0.001);
        var act = () => GeneratorEstimation.FromMatrix(p, EmbeddingMethod.Log);
        act.Should().Throw<InvalidOperationException>();
    }
}
