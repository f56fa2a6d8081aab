using ValueCore.Capital;
using ValueCore.Numerics;

namespace ValueCore.Tests.Capital;

public sealed class GranularityAdjustmentTests
{
    private const double Pd = 0.01;
    private const double Lgd = 0.45;
    private const double ClosedFormTolerance = 1e-12; // the same closed form summed over n obligors instead of multiplied by 1/n

    // The IRB capital of the homogeneous obligor: corporate, PD 1%, LGD 45%, M = 1 (so MA = 1), q = 0.999 (K = 0.058623, R = 0.0045).
    private static readonly double s_rho = IrbFormula.Correlation(AssetClass.Corporate, Pd, IrbFormula.NoSales);
    private static readonly double s_k = IrbFormula.CapitalRequirement(Pd, Lgd, s_rho, 1.0, 0.999);
    private const double R = Pd * Lgd;

    private static GranularityResult Homogeneous(int n, double gamma)
    {
        var ead = Enumerable.Repeat(1_000.0, n).ToArray();
        var obligor = Enumerable.Range(0, n).ToArray();
        return GranularityAdjustment.Compute(ead, Enumerable.Repeat(Pd, n).ToArray(), Enumerable.Repeat(Lgd, n).ToArray(),
            ead.Select(e => s_k * e).ToArray(), obligor, new GranularityOptions { LgdVolatility = gamma });
    }

    [Fact]
    public void Delta_RegulatoryParameters_IsThePapersValue()
    {
        // Gordy and Lütkebohmert (2013), IJCB 9(3), section 3: with xi = 0.25 and q = 0.999, delta = 4.83 (two decimals given).
        GranularityAdjustment.Delta(0.999, 0.25).Should().BeApproximately(4.83, 0.005);
    }

    [Theory]
    [InlineData(50)]
    [InlineData(200)]
    [InlineData(1_000)]
    public void Compute_HomogeneousDeterministicLgd_EqualsTheClosedForm(int n)
    {
        // Closed form (the paper's formula with s_i = 1/n, K* = K, VLGD = 0 so C = ELGD): GA = ELGD (delta (K + R) - K) / (2 n K).
        double delta = GranularityAdjustment.Delta(0.999, 0.25);
        double expected = Lgd * ((delta * (s_k + R)) - s_k) / (2.0 * n * s_k);
        var ga = Homogeneous(n, gamma: 0.0);
        ga.AdjustmentRate.Should().BeApproximately(expected, ClosedFormTolerance);
        ga.Adjustment.Should().BeApproximately(expected * n * 1_000.0, ClosedFormTolerance * n * 1_000.0);
        ga.AsrfCapital.Should().BeApproximately(s_k * n * 1_000.0, 1e-9);
    }

    [Fact]
    public void Compute_HomogeneousRandomLgd_EqualsTheClosedFormAndScalesAsOneOverN()
    {
        // With VLGD^2 = gamma ELGD (1 - ELGD), gamma = 0.25: C = ELGD + gamma (1 - ELGD), v = VLGD^2/ELGD^2 = gamma (1 - ELGD)/ELGD,
        // mu = K + R, GA = [delta (C mu + mu^2 v) - K (C + 2 mu v)] / (2 n K).
        double delta = GranularityAdjustment.Delta(0.999, 0.25);
        double c = Lgd + (0.25 * (1 - Lgd));
        double v = 0.25 * (1 - Lgd) / Lgd;
        double mu = s_k + R;
        double perN = ((delta * ((c * mu) + (mu * mu * v))) - (s_k * (c + (2 * mu * v)))) / (2 * s_k);
        foreach (int n in new[] { 10, 100, 1_000 })
        {
            Homogeneous(n, gamma: 0.25).AdjustmentRate.Should().BeApproximately(perN / n, ClosedFormTolerance, $"n = {n}");
        }

        // LGD volatility adds to the adjustment.
        Homogeneous(100, 0.25).AdjustmentRate.Should().BeGreaterThan(Homogeneous(100, 0.0).AdjustmentRate);
    }

    [Fact]
    public void Compute_LoansOfOneObligor_AreAggregated()
    {
        // Invariant: two loans of 400 and 600 of one obligor plus one of 1,000 equal two obligors of 1,000 each.
        double[] pd = [Pd, Pd, Pd], lgd = [Lgd, Lgd, Lgd];
        var split = GranularityAdjustment.Compute([400.0, 600.0, 1_000.0], pd, lgd, [400 * s_k, 600 * s_k, 1_000 * s_k], [0, 0, 1], null);
        var whole = GranularityAdjustment.Compute([1_000.0, 1_000.0], [Pd, Pd], [Lgd, Lgd], [1_000 * s_k, 1_000 * s_k], [0, 1], null);
        split.Obligors.Should().Be(2);
        split.AdjustmentRate.Should().BeApproximately(whole.AdjustmentRate, 1e-15);
    }

    [Fact]
    public void Compute_DefaultedObligor_IsLeftOut()
    {
        var r = GranularityAdjustment.Compute([1_000.0, 1_000.0], [Pd, 1.0], [Lgd, Lgd], [1_000 * s_k, 0.0], [0, 1], null);
        r.Obligors.Should().Be(1);
        r.DefaultedObligors.Should().Be(1);
        r.Ead.Should().Be(1_000.0);
    }

    [Fact]
    public void Compute_AsrfPlusAdjustment_ApproachesTheExactLossQuantileAsThePortfolioGrows()
    {
        // The exact 99.9% loss quantile of n equal obligors in the one-factor Gaussian model (IRB correlation, PD 1%, LGD 45%
        // deterministic): L_n = LGD x D / n, D | Z ~ Binomial(n, p(Z)), p(z) = N((G(PD) - sqrt(rho) z) / sqrt(1 - rho)), its
        // distribution P(D <= k) = integral of phi(z) BinomialCdf(k; n, p(z)) dz by the trapezoid rule (independent of the code under test).
        // The ASRF quantile is K + R; the adjusted one K + R + GA. Gaps (exact - adjusted) found: n = 50: -0.00104, 200: -0.00035,
        // 1,000: -0.00017 (without GA: 0.0179, 0.0044, 0.00078). The exact quantile moves in steps of LGD / n, so the
        // tolerance at each size is one step; the gap must shrink with n and stay well under the gap without the adjustment.
        double previous = double.PositiveInfinity;
        foreach (int n in new[] { 50, 200, 1_000 })
        {
            double exact = ExactLossQuantile(n, 0.999);
            double asrf = s_k + R;
            double adjusted = asrf + Homogeneous(n, gamma: 0.0).AdjustmentRate;
            double gap = Math.Abs(exact - adjusted);
            gap.Should().BeLessThanOrEqualTo(Lgd / n, $"n = {n}: exact {exact}, ASRF + GA {adjusted}");
            gap.Should().BeLessThan(Math.Abs(exact - asrf) / 3.0, $"n = {n}: the adjustment closes most of the gap");
            gap.Should().BeLessThan(previous, $"n = {n}");
            previous = gap;
        }
    }

    private static double ExactLossQuantile(int n, double q)
    {
        var logFactorial = new double[n + 1];
        for (int k = 1; k <= n; k++)
        {
            logFactorial[k] = logFactorial[k - 1] + Math.Log(k);
        }

        var cdf = new double[n + 1];
        const double H = 0.001;
        double g = NormalDistribution.InverseCdf(Pd);
        for (int step = 0; step <= 18_000; step++)
        {
            double z = -9.0 + (step * H);
            double w = H * NormalDistribution.Density(z) * (step == 0 || step == 18_000 ? 0.5 : 1.0);
            double p = NormalDistribution.Cdf((g - (Math.Sqrt(s_rho) * z)) / Math.Sqrt(1 - s_rho));
            double lp = Math.Log(p), lq = Math.Log(1 - p), acc = 0.0;
            for (int k = 0; k <= n; k++)
            {
                acc += Math.Exp(logFactorial[n] - logFactorial[k] - logFactorial[n - k] + (k * lp) + ((n - k) * lq));
                cdf[k] += w * Math.Min(acc, 1.0);
            }
        }

        int kq = Array.FindIndex(cdf, c => c >= q);
        return Lgd * kq / n;
    }
}
