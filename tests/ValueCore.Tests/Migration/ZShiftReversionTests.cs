using ValueCore.Migration;
using ValueCore.Numerics;
using ValueCore.Provisions;

namespace ValueCore.Tests.Migration;

/// <summary>Reversion of a Z-shift forecast to the through-the-cycle matrix after its horizon (IFRS 9 B5.5.50; docs/provisions.md).</summary>
public class ZShiftReversionTests
{
    /// <summary>Closed forms evaluated with a few products and normal CDFs: agreement to rounding.</summary>
    private const double ClosedFormTolerance = 1e-12;

    /// <summary>Trapezoid rule over e in [-10, 10] with step 1e-3 on a smooth integrand (normal density times a CDF): the error is far
    /// below 1e-10 (the rule is spectrally accurate for such integrands; the tails beyond 10 weigh less than 1e-22).</summary>
    private const double QuadratureTolerance = 1e-10;

    private const double Rho = 0.1;

    private static readonly StateSpace s_abd = StateSpace.Create(["A", "B", "D"], ["D"]);

    /// <summary>TTC matrix: A = (0.9, 0.08, 0.02), B = (0.1, 0.7, 0.2), D absorbing.</summary>
    private static TransitionMatrix Ttc() => TransitionMatrix.Create(s_abd, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });

    /// <summary>Belkin-Suchower-Forest: the probability of ending in a tail of cumulative TTC probability c, given Z.</summary>
    private static double Tail(double c, double z) => NormalDistribution.Cdf((NormalDistribution.InverseCdf(c) - (Math.Sqrt(Rho) * z)) / Math.Sqrt(1 - Rho));

    [Fact]
    public void YearModels_OneForecastYearZeroReversion_LaterMarginalPDsAreThoseOfTheTtcMatrix()
    {
        // Year 1 under P(Z) (row A: to D Tail(0.02), to B Tail(0.10) - Tail(0.02), stays 1 - Tail(0.10)); from year 2 on the TTC
        // matrix P, so the marginal PD of year t >= 2 is d_{t-1} . (0.02, 0.2) with d_t = d_{t-1} P (the state mix after year t).
        const double Z = -1.5;
        var curves = PDCurveSet.Create(ZShift.YearModels(Ttc(), Rho, [Z], 0), 1, 4);
        var c = curves.Curve(0);
        double aD = Tail(0.02, Z), aB = Tail(0.10, Z) - aD, aA = 1 - Tail(0.10, Z);
        c[1].Should().BeApproximately(aD, ClosedFormTolerance);
        double a2 = (aA * 0.9) + (aB * 0.1), b2 = (aA * 0.08) + (aB * 0.7);
        (c[2] - c[1]).Should().BeApproximately((aA * 0.02) + (aB * 0.2), ClosedFormTolerance);
        (c[3] - c[2]).Should().BeApproximately((a2 * 0.02) + (b2 * 0.2), ClosedFormTolerance);
        double a3 = (a2 * 0.9) + (b2 * 0.1), b3 = (a2 * 0.08) + (b2 * 0.7);
        (c[4] - c[3]).Should().BeApproximately((a3 * 0.02) + (b3 * 0.2), ClosedFormTolerance);
    }

    [Fact]
    public void YearModels_ThreeReversionYears_ForecastWeightInZFallsLinearlyToTheTtcMatrix()
    {
        // Forecast Z = (-1, -2); reversion over N = 3 years: in year 2 + j the factor is lambda_j Z_2 + sqrt(1 - lambda_j^2) e with
        // lambda_j = 1 - j / 4 = 0.75, 0.5, 0.25, whose expected conditional PD of row A is
        // N((G(0.02) - sqrt(rho) lambda Z_2) / sqrt(1 - rho lambda^2)); from year 6 the TTC matrix itself.
        double[] zs = [-1, -2];
        var models = ZShift.YearModels(Ttc(), Rho, zs, 3);
        models.Should().HaveCount(6);
        models[0].Over(1)[0, 2].Should().BeApproximately(Tail(0.02, -1), ClosedFormTolerance);
        models[1].Over(1)[0, 2].Should().BeApproximately(Tail(0.02, -2), ClosedFormTolerance);
        double[] loadings = [0.75, 0.5, 0.25];
        for (int j = 0; j < 3; j++)
        {
            double l = loadings[j];
            double expected = NormalDistribution.Cdf((NormalDistribution.InverseCdf(0.02) - (Math.Sqrt(Rho) * l * -2)) / Math.Sqrt(1 - (Rho * l * l)));
            models[2 + j].Over(1)[0, 2].Should().BeApproximately(expected, ClosedFormTolerance, "reversion year {0}", j + 1);
        }

        models[5].Over(1)[0, 2].Should().Be(0.02);
        models[5].Over(1)[1, 0].Should().Be(0.1);
    }

    [Fact]
    public void Revert_HalfLoading_IsTheAverageOfTheConditionalMatricesOverTheFadedFactor()
    {
        // Definition: Revert(P, rho, z, lambda) = E_e[Condition(P, rho, lambda z + sqrt(1 - lambda^2) e)], e ~ N(0, 1); checked entry by
        // entry against a trapezoid quadrature of the conditional matrices.
        const double Z = -2, Loading = 0.5;
        var ttc = Ttc();
        var reverted = ZShift.Revert(ttc, Rho, Z, Loading);
        var sum = new double[9];
        const double Step = 1e-3;
        for (int k = -10_000; k <= 10_000; k++)
        {
            double e = k * Step;
            double w = Step * Math.Exp(-0.5 * e * e) / Math.Sqrt(2 * Math.PI) * (Math.Abs(k) == 10_000 ? 0.5 : 1);
            var m = ZShift.Condition(ttc, Rho, (Loading * Z) + (Math.Sqrt(1 - (Loading * Loading)) * e));
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 3; j++)
                {
                    sum[(i * 3) + j] += w * m[i, j];
                }
            }
        }

        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                reverted[i, j].Should().BeApproximately(sum[(i * 3) + j], QuadratureTolerance, "entry ({0}, {1})", i, j);
            }
        }
    }

    [Fact]
    public void Revert_LoadingOneAndZero_AreTheConditionalAndTheTtcMatrix()
    {
        var ttc = Ttc();
        ZShift.Revert(ttc, Rho, -1.7, 1).RowMajor.ToArray().Should().Equal(ZShift.Condition(ttc, Rho, -1.7).RowMajor.ToArray());
        ZShift.Revert(ttc, Rho, -1.7, 0).Should().BeSameAs(ttc);
    }

    [Fact]
    public void RevertAndYearModels_ArgumentsOutOfRange_Throw()
    {
        var ttc = Ttc();
        FluentActions.Invoking(() => ZShift.Revert(ttc, Rho, -1, 1.5)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 1]*");
        FluentActions.Invoking(() => ZShift.YearModels(ttc, Rho, [-1], -1)).Should().Throw<ArgumentOutOfRangeException>().WithMessage("*[0, 100]*");
        FluentActions.Invoking(() => ZShift.YearModels(ttc, Rho, [], 2)).Should().Throw<ArgumentException>();
    }
}
