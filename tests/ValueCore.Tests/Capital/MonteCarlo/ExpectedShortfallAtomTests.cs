using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Numerics;

namespace ValueCore.Tests.Capital.MonteCarlo;

/// <summary>
/// Expected shortfall when the VaR sits on an atom of the loss distribution (issue 15 item 3): the Acerbi-Tasche
/// estimator ES_q = (1/(1 - q)) [E[L 1{L &gt; VaR}] + VaR (P(L &lt;= VaR) - q)] (C. Acerbi, D. Tasche, "On the coherence of
/// expected shortfall", J. Banking &amp; Finance 26(7), 2002, Proposition 3.2, eq. (3.3)), on the (weighted) sample.
/// </summary>
public class ExpectedShortfallAtomTests
{
    private const double SampleTolerance = 1e-12;   // relative: the same sums in another order (rounding only)
    private const double SumTolerance = 1e-10;      // relative: contributions add to ES up to rounding
    private const double StandardErrors = 4.0;      // statistical checks pass within 4 standard errors
    private const double IntegrationStep = 1e-3;    // trapezoid step on [-10, 10] for the one-factor mixture: error far below 1e-9

    [Fact]
    public void Run_OneObligorVarOnZeroAtom_EsIsDefaultFrequencyOverTail()
    {
        // The case: one obligor, PD 2%, LGD 1, EAD 100, q = 0.97. P(L > 0) = 0.02 <= 0.03, so VaR = 0 and the
        // true ES = 100 x 0.02 / 0.03 = 66.67. On the sample, with D defaults among S scenarios (D < 0.03 S), the
        // estimator is exactly 100 D / (0.03 S): all the loss is above the VaR and the zero atom fills the tail.
        const int s = 10_000;
        var book = MonteCarloTestData.Homogeneous(1, 0.02, 1.0, ead: 100.0);
        var options = new MonteCarloOptions { Scenarios = s, Confidence = 0.97, Seed = 7 };
        var result = PortfolioMonteCarlo.Run(book, options);
        var block = PortfolioMonteCarlo.SimulateBlock(ObligorModel.Build(book, options), 0, s, 1, null, default);
        int defaults = block.Loss.Count(l => l == 100.0);
        block.Loss.Count(l => l == 0.0).Should().Be(s - defaults, "a loss is 0 or 100");
        defaults.Should().BeLessThan(300, "the setting needs the VaR on the zero atom");

        result.Var.Should().Be(0.0);
        result.Es.Should().BeApproximately(100.0 * defaults / 300.0, SampleTolerance * 100.0);
        result.EsContribution[0].Should().BeApproximately(result.Es, SampleTolerance * result.Es);
        Math.Abs(result.Es - (2.0 / 0.03)).Should().BeLessThan(StandardErrors * result.EsSe, "true ES = 2 / 0.03");
        double bernoulliEsSe = 100.0 * Math.Sqrt(0.02 * 0.98 / s) / 0.03; // sd(L) / (sqrt(S) (1 - q))
        result.EsSe.Should().BeApproximately(bernoulliEsSe, 0.1 * bernoulliEsSe);
        result.Ec.Should().BeApproximately(-2.0, SampleTolerance, "EC = VaR - EL = 0 - 2 is negative here, and reported as such");
    }

    [Theory]
    [InlineData(false, 0.95)]
    [InlineData(true, 0.95)]
    [InlineData(false, 0.99)]
    [InlineData(true, 0.99)]
    public void Run_LatticeLossesVarOnAtom_EsMatchesSampleFormulaAndClosedForm(bool importanceSampling, double q)
    {
        // Five obligors each losing 10 in the one-factor Gaussian copula: every loss is a multiple of 10, so the VaR
        // always sits on an atom. Closed form: P(K = k) = integral of Binomial(k; 5, p(z)) phi(z) dz with
        // p(z) = N((G(PD) - sqrt(R) z) / sqrt(1 - R)) (conditional independence, Vasicek 2002).
        const int n = 5, s = 20_000;
        const double pd = 0.05;
        var book = MonteCarloTestData.Homogeneous(n, pd, 1.0, ead: 10.0);
        var options = new MonteCarloOptions { Scenarios = s, Confidence = q, Seed = 21, ImportanceSampling = importanceSampling };
        var result = PortfolioMonteCarlo.Run(book, options);

        // 1. The estimator on the simulated (weighted) sample itself: m = S (1 - q), A = weight above the VaR.
        var block = PortfolioMonteCarlo.SimulateBlock(ObligorModel.Build(book, options), 0, s, 1, null, default);
        double m = s * (1.0 - q), above = 0.0, aboveLoss = 0.0;
        for (int k = 0; k < s; k++)
        {
            if (block.Loss[k] > result.Var)
            {
                above += block.Weight[k];
                aboveLoss += block.Weight[k] * block.Loss[k];
            }
        }

        above.Should().BeLessThanOrEqualTo(m * (1 + 1e-9), "the VaR is the weighted quantile");
        double sampleEs = (aboveLoss + (result.Var * (m - above))) / m;
        result.Es.Should().BeApproximately(sampleEs, SampleTolerance * sampleEs);

        // 2. Euler contributions still add up to ES.
        result.EsContribution.ToArray().Sum().Should().BeApproximately(result.Es, SumTolerance * result.Es);
        result.EsContributionSe.ToArray().Should().OnlyContain(v => v >= 0.0 && double.IsFinite(v));
        result.AllocatedCapital(CapitalAllocation.ExpectedShortfall).Sum().Should().BeApproximately(result.Ec, SumTolerance * Math.Abs(result.Ec));

        // 3. The closed form, within 4 standard errors, and on an atom (so the old E[L | L >= VaR] is biased).
        double r = IrbFormula.Correlation(AssetClass.Corporate, pd, IrbFormula.NoSales);
        var pmf = MixturePmf(n, pd, r);
        var (exactVar, exactEs, atomWeight) = AcerbiTasche(pmf, 10.0, q);
        result.Var.Should().Be(exactVar);
        atomWeight.Should().BeGreaterThan(0.05, "the test case needs a real atom at the VaR");
        Math.Abs(result.Es - exactEs).Should().BeLessThan(StandardErrors * result.EsSe);
    }

    [Fact]
    public void Run_ContributionsOnAtom_ShareTheAtomByMeanLoss()
    {
        // Two obligors, A (PD 1, loss 40 in every scenario) and B (PD 5%, loss 50): L = 40 + 50 1{B}. At q = 0.99 the
        // VaR is the atom 90 (P(L > 90) = 0), so ES = 90 and A's contribution is exactly its loss 40, B's 50.
        var book = CreditExposures.Create(["A", "B"], ["", ""], ["s", "s"], [AssetClass.Corporate, AssetClass.Corporate], [100.0, 50.0], [1.0, 0.05],
            [0.4, 1.0], [IrbFormula.NoSales, IrbFormula.NoSales]);
        var result = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 5_000, Confidence = 0.99 });
        result.Var.Should().Be(90.0);
        result.Es.Should().Be(90.0);
        result.EsContribution[0].Should().Be(40.0);
        result.EsContribution[1].Should().Be(50.0);

        // At q = 0.9 the VaR is the atom 40 (P(L > 40) = 0.05 <= 0.1): ES = (E[L 1{L > 40}] + 40 (P(L <= 40) - 0.9)) / 0.1,
        // and A contributes 40 in every tail scenario, B its losses above the VaR only: B = ES - 40.
        var low = PortfolioMonteCarlo.Run(book, new MonteCarloOptions { Scenarios = 5_000, Confidence = 0.9 });
        low.Var.Should().Be(40.0);
        low.EsContribution[0].Should().BeApproximately(40.0, SampleTolerance * 40.0);
        low.EsContribution[1].Should().BeApproximately(low.Es - 40.0, SumTolerance * low.Es);
        Math.Abs(low.Es - (40.0 + (50.0 * 0.05 / 0.1))).Should().BeLessThan(StandardErrors * low.EsSe, "true ES = 40 + 50 x 0.05 / 0.1 = 65");
    }

    /// <summary>P(K = k), k = 0..n, for n obligors with PD pd and asset correlation r in the one-factor Gaussian copula.</summary>
    internal static double[] MixturePmf(int n, double pd, double r)
    {
        var pmf = new double[n + 1];
        double c = NormalDistribution.InverseCdf(pd);
        int steps = (int)Math.Round(20.0 / IntegrationStep);
        for (int j = 0; j <= steps; j++)
        {
            double z = -10.0 + (j * IntegrationStep);
            double trapezoid = j == 0 || j == steps ? 0.5 : 1.0;
            double phi = Math.Exp(-0.5 * z * z) / Math.Sqrt(2.0 * Math.PI);
            double p = NormalDistribution.Cdf((c - (Math.Sqrt(r) * z)) / Math.Sqrt(1.0 - r));
            for (int k = 0; k <= n; k++)
            {
                double binom = Math.Exp(MathNet.Numerics.SpecialFunctions.BinomialLn(n, k)) * Math.Pow(p, k) * Math.Pow(1.0 - p, n - k);
                pmf[k] += trapezoid * IntegrationStep * phi * binom;
            }
        }

        return pmf;
    }

    /// <summary>VaR_q = min{x : P(L &gt; x) &lt;= 1 - q} and ES_q by Acerbi-Tasche eq. (3.3) for a loss unit x k with P(K = k) = pmf[k].</summary>
    internal static (double Var, double Es, double AtomWeight) AcerbiTasche(double[] pmf, double unit, double q)
    {
        int v = 0;
        double tail = 1.0 - pmf[0];
        while (tail > 1.0 - q)
        {
            v++;
            tail -= pmf[v];
        }

        double aboveLoss = 0.0;
        for (int k = v + 1; k < pmf.Length; k++)
        {
            aboveLoss += unit * k * pmf[k];
        }

        double atom = (1.0 - tail) - q; // P(L <= VaR) - q
        return (unit * v, (aboveLoss + (unit * v * atom)) / (1.0 - q), atom / (1.0 - q));
    }
}
