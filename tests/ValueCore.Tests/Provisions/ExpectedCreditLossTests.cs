using ValueCore.Migration;
using ValueCore.Provisions;

namespace ValueCore.Tests.Provisions;

public sealed class ExpectedCreditLossTests
{
    private const double Exact = 1e-12;
    private const double PublishedRounding = 1.0;

    private static readonly StateSpace TwoStates = StateSpace.Create(["P", "D"]);
    private static readonly StateSpace ThreeStates = StateSpace.Create(["A", "B", "D"]);

    private static TransitionMatrix TwoStateMatrix(double q) => TransitionMatrix.Create(TwoStates, new[,] { { 1 - q, q }, { 0, 1 } });

    private static TransitionMatrix ThreeStateMatrix() =>
        TransitionMatrix.Create(ThreeStates, new[,] { { 0.9, 0.08, 0.02 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });

    // IFRScommunity.com, "IFRS 9 example: illustrative calculation of lifetime ECL and 12-month ECL for a loan"
    // (knowledge base, IFRS 9 impairment; spreadsheet last updated 20 Jan 2019): 100,000 repaid by five annual
    // instalments of 25,000 (EIR 7.9%, the IRR of those flows), marginal PDs 3%, 3%, 3%, 4%, 4%, LGD 80%,
    // EAD = opening amortised cost, default at year end discounted at the EIR: 12-month ECL 2,224, lifetime ECL 6,722.
    [Fact]
    public void Compute_IfrsCommunityAnnuityExample_MatchesPublishedEcl()
    {
        double eir = Irr(100_000, 25_000, 5);
        double[] cumulative = [0, 0.03, 0.06, 0.09, 0.13, 0.17];
        var r = ExpectedCreditLoss.Compute(cumulative, 1, 5, 100_000, 0.8, eir, EadProfile.Annuity);
        r.Ecl12Month.Should().BeApproximately(2_224, PublishedRounding);
        r.EclLifetime.Should().BeApproximately(6_722, PublishedRounding);
        r.PD12Month.Should().Be(0.03);
        r.PDLifetime.Should().Be(0.17);
    }

    [Fact]
    public void Compute_TwoStateChainBullet_MatchesGeometricClosedForm()
    {
        const double q = 0.04, lgd = 0.5, ead = 100, eir = 0.1;
        var curves = PDCurveSet.Create(TwoStateMatrix(q), 1, 3);
        var r = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 3, ead, lgd, eir, EadProfile.Bullet);
        double expected = 0;
        for (int t = 1; t <= 3; t++)
        {
            expected += q * Math.Pow(1 - q, t - 1) * lgd * ead / Math.Pow(1 + eir, t);
        }

        r.EclLifetime.Should().BeApproximately(expected, Exact);
        r.Ecl12Month.Should().BeApproximately(q * lgd * ead / 1.1, Exact);
        r.PDLifetime.Should().BeApproximately(1 - Math.Pow(1 - q, 3), Exact);
    }

    [Fact]
    public void Compute_ThreeStateChainByHand_MatchesHandComputedPowers()
    {
        // [P^2]_{A,D} = 0.02 + 0.9 x 0.02 + 0.08 x 0.2 = 0.054 (by hand), marginal year 2 = 0.034.
        var curves = PDCurveSet.Create(ThreeStateMatrix(), 1, 2);
        curves.Curve(0)[2].Should().BeApproximately(0.054, Exact);
        var bullet = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 2, 1000, 0.4, 0.05, EadProfile.Bullet);
        bullet.EclLifetime.Should().BeApproximately(0.4 * 1000 * ((0.02 / 1.05) + (0.034 / (1.05 * 1.05))), Exact);
        var linear = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 2, 1000, 0.4, 0.05, EadProfile.Linear);
        linear.EclLifetime.Should().BeApproximately(0.4 * ((1000 * 0.02 / 1.05) + (500 * 0.034 / (1.05 * 1.05))), Exact);
        // Annuity: payment A = 1000 x 0.05 / (1 - 1.05^-2); balance after a year = 1000 x 1.05 - A.
        double a = 1000 * 0.05 / (1 - Math.Pow(1.05, -2));
        var annuity = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 2, 1000, 0.4, 0.05, EadProfile.Annuity);
        annuity.EclLifetime.Should().BeApproximately(0.4 * ((1000 * 0.02 / 1.05) + ((1050 - a) * 0.034 / (1.05 * 1.05))), 1e-9);
    }

    [Fact]
    public void Compute_FinalPartYear_IsFractionOfPeriodWithLinearCumulative()
    {
        var curves = PDCurveSet.Create(ThreeStateMatrix(), 1, 2);
        var r = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 1.5, 1000, 0.4, 0.05, EadProfile.Bullet);
        double c15 = 0.02 + (0.5 * 0.034);
        r.PDLifetime.Should().BeApproximately(c15, Exact);
        r.EclLifetime.Should().BeApproximately(0.4 * 1000 * ((0.02 / 1.05) + ((c15 - 0.02) * Math.Pow(1.05, -1.5))), Exact);
        r.Ecl12Month.Should().BeApproximately(0.4 * 1000 * 0.02 / 1.05, Exact);
        // The matrix's own interpolation within a period gives the same cumulative PD.
        ThreeStateMatrix().CumulativePD(0, 1.5).Should().BeApproximately(c15, Exact);
    }

    [Fact]
    public void Compute_QuarterlyPeriods_YearEndCumulativeEqualsMatrixPower()
    {
        var m = ThreeStateMatrix();
        var curves = PDCurveSet.Create(m, 4, 3);
        curves.Curve(0)[12].Should().BeApproximately(m.Power(3).DefaultProbability(0), Exact);
        var r = ExpectedCreditLoss.Compute(curves.Curve(0), 4, 3, 1000, 0.4, 0.05, EadProfile.Bullet);
        var yearly = ExpectedCreditLoss.Compute(PDCurveSet.Create(m, 1, 3).Curve(0), 1, 3, 1000, 0.4, 0.05, EadProfile.Bullet);
        r.PDLifetime.Should().BeApproximately(yearly.PDLifetime, Exact);
        r.EclLifetime.Should().BeGreaterThan(yearly.EclLifetime); // earlier default dates are discounted less
    }

    [Fact]
    public void Compute_Prepayment_ScalesLaterExposures()
    {
        var curves = PDCurveSet.Create(ThreeStateMatrix(), 1, 2);
        var r = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 2, 1000, 0.4, 0.05, EadProfile.Bullet, 0.1);
        r.EclLifetime.Should().BeApproximately(0.4 * 1000 * ((0.02 / 1.05) + (0.9 * 0.034 / (1.05 * 1.05))), Exact);
    }

    [Fact]
    public void Compute_Invariants_Hold()
    {
        var curves = PDCurveSet.Create(ThreeStateMatrix(), 1, 10);
        foreach (var profile in new[] { EadProfile.Bullet, EadProfile.Linear, EadProfile.Annuity })
        {
            foreach (double t in new[] { 0.25, 1, 2.7, 10 })
            {
                var r = ExpectedCreditLoss.Compute(curves.Curve(1), 1, t, 500, 0.45, 0.06, profile);
                r.EclLifetime.Should().BeGreaterThanOrEqualTo(r.Ecl12Month);
                ExpectedCreditLoss.Compute(curves.Curve(1), 1, t, 500, 0, 0.06, profile).EclLifetime.Should().Be(0);
            }
        }

        var oneYear = ExpectedCreditLoss.Compute(curves.Curve(0), 1, 1, 500, 0.45, 0.06, EadProfile.Bullet);
        oneYear.EclLifetime.Should().Be(oneYear.Ecl12Month);
    }

    [Fact]
    public void Compute_DefaultState_IsLgdTimesEad()
    {
        var curves = PDCurveSet.Create(ThreeStateMatrix(), 1, 2);
        var r = ExpectedCreditLoss.Compute(curves.Curve(2), 1, 2, 1000, 0.4, 0.05, EadProfile.Bullet);
        r.Should().Be(new EclResult(1, 1, 400, 400));
    }

    [Fact]
    public void Compute_BadArguments_Throw()
    {
        double[] c = [0, 0.1];
        FluentActions.Invoking(() => ExpectedCreditLoss.Compute(c, 1, 2, 1, 0.5, 0.05, EadProfile.Bullet)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ExpectedCreditLoss.Compute(c, 1, 1, 1, 1.5, 0.05, EadProfile.Bullet)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ExpectedCreditLoss.Compute(c, 1, 1, 1, 0.5, double.NaN, EadProfile.Bullet)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ExpectedCreditLoss.Compute(c, 2, 1, 1, 0.5, 0.05, EadProfile.Bullet)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ExpectedCreditLoss.Compute(c, 1, 1, 1, 0.5, 0.05, EadProfile.Bullet, 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void DefaultStates_Absorb_GivesFirstPassageProbability()
    {
        // B -> A cures are cut: PD_1 from A into {B, D} = 0.08 + 0.02.
        var m = DefaultStates.Absorb(ThreeStateMatrix(), ["B", "D"]);
        m.DefaultProbability(0).Should().BeApproximately(0.1, Exact);
        // Two years: 0.1 + 0.9 x 0.1 (first passage), not the two-year occupation probability.
        m.Power(2).DefaultProbability(0).Should().BeApproximately(0.19, Exact);
        CollectiveProvision.HorizonPD(m, 1)[0].Should().BeApproximately(0.1, Exact);
        FluentActions.Invoking(() => DefaultStates.Absorb(ThreeStateMatrix(), ["X"])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void CollectiveProvision_GeneratorHalfYear_IsExpOfHalfLambda()
    {
        // Two-state generator with intensity 0.2: PD over h = 1 - exp(-0.2 h).
        var g = Generator.Create(TwoStates, new[,] { { -0.2, 0.2 }, { 0, 0 } });
        CollectiveProvision.HorizonPD(g, 0.5)[0].Should().BeApproximately(1 - Math.Exp(-0.1), 1e-12);
        CollectiveProvision.Provision(1000, 0.1, 0.45).Should().BeApproximately(45, Exact);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    public void Compute_OnePassTwelveMonthSum_BitIdenticalToSeparateSums(int periods)
    {
        // The 12-month ECL is taken from the lifetime loop; this reference sums the two separately (the textbook form).
        var curves = PDCurveSet.Create(ThreeStateMatrix(), periods, 40);
        var rng = new Random(17);
        for (int i = 0; i < 5000; i++)
        {
            var c = curves.Curve(rng.Next(2));
            double term = i % 10 == 0 ? rng.Next(1, 40) : 0.01 + (rng.NextDouble() * 39.9);
            double ead = rng.NextDouble() * 1e6, lgd = rng.NextDouble(), eir = rng.NextDouble() * 0.2, prepay = i % 3 == 0 ? 0 : rng.NextDouble() * 0.2;
            var profile = (EadProfile)rng.Next(3);
            var r = ExpectedCreditLoss.Compute(c, periods, term, ead, lgd, eir, profile, prepay);
            double u = term * periods;
            if (Math.Abs(u - Math.Round(u)) < ExpectedCreditLoss.WholePeriodTolerance * periods)
            {
                u = Math.Round(u);
            }

            double h = Math.Min(periods, u);
            r.EclLifetime.Should().Be(SeparateSum(c, periods, u, u, ead, lgd, eir, profile, prepay));
            r.Ecl12Month.Should().Be(SeparateSum(c, periods, u, h, ead, lgd, eir, profile, prepay));
        }
    }

    private static double SeparateSum(ReadOnlySpan<double> c, int p, double u, double horizon, double ead, double lgd, double eir, EadProfile profile, double prepay)
    {
        int n = (int)Math.Ceiling(horizon);
        double growth = Math.Pow(1 + eir, 1.0 / p), df = 1.0, survive = 1.0, keep = Math.Pow(1 - prepay, 1.0 / p);
        bool annuity = profile == EadProfile.Annuity && eir != 0;
        double vTerm = annuity ? Math.Pow(1 + eir, -u / p) : 0, annuityFactor = vTerm, sum = 0, prev = c[0];
        for (int t = 1; t <= n; t++)
        {
            double s = t - 1;
            double exposure = profile == EadProfile.Bullet ? ead : annuity ? ead * (1 - annuityFactor) / (1 - vTerm) : ead * (1 - (s / u));
            double cum;
            if (t < n || horizon == n)
            {
                df /= growth;
                cum = c[t];
            }
            else
            {
                df = Math.Pow(1 + eir, -horizon / p);
                int k = (int)horizon;
                cum = c[k] + ((horizon - k) * (c[k + 1] - c[k]));
            }

            sum += (cum - prev) * exposure * survive * df;
            prev = cum;
            survive *= keep;
            annuityFactor *= growth;
        }

        return lgd * sum;
    }

    private static double Irr(double principal, double instalment, int years)
    {
        double lo = 0, hi = 1;
        for (int i = 0; i < 200; i++)
        {
            double mid = 0.5 * (lo + hi);
            double pv = 0;
            for (int t = 1; t <= years; t++)
            {
                pv += instalment / Math.Pow(1 + mid, t);
            }

            (lo, hi) = pv > principal ? (mid, hi) : (lo, mid);
        }

        return lo;
    }
}
