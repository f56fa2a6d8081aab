using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Tests.Pricing;

public class TransferPricingTests
{
    private const double Exact = 1e-15;
    private const double Tight = 1e-14;

    private static readonly FundingCurve s_curve = FundingCurve.Create([1.0, 2.0], [0.01, 0.02]);

    [Fact]
    public void MatchedRate_Bullet_IsCurveAtMaturity() =>
        TransferPricing.MatchedRate(s_curve, Amortisation.Bullet, 1.5, 12, 0.05).Should().BeApproximately(0.015, Exact);

    [Fact]
    public void MatchedRate_LinearTwoAnnualPayments_HandValue()
    {
        // Hand value: repayments of 1/2 at t = 1 and t = 2, weights P t = 0.5 and 1.0:
        // (0.5 x 1% + 1.0 x 2%) / 1.5 = 5/3 %.
        TransferPricing.MatchedRate(s_curve, Amortisation.Linear, 2.0, 1, 0.0).Should().BeApproximately(0.05 / 3.0, Exact);
    }

    [Fact]
    public void MatchedRate_AnnuityTwoAnnualPayments_MatchesExplicitSchedule()
    {
        // Independent schedule of a 2-year annual annuity at 10% on a unit loan: payment A = 0.1 / (1 - 1.1^-2);
        // principal repaid P1 = A - 0.1, P2 = 1 - P1; weights P1 x 1 and P2 x 2.
        double a = 0.1 / (1.0 - Math.Pow(1.1, -2.0));
        double p1 = a - 0.1, p2 = 1.0 - p1;
        double expected = ((p1 * 1.0 * 0.01) + (p2 * 2.0 * 0.02)) / ((p1 * 1.0) + (p2 * 2.0));
        TransferPricing.MatchedRate(s_curve, Amortisation.Annuity, 2.0, 1, 0.10).Should().BeApproximately(expected, Tight);
    }

    [Fact]
    public void MatchedRate_LinearOnLinearCurve_MatchesClosedForm()
    {
        // r(t) = a + b t on [0, 10]; n equal repayments at t_i = i M / n with weights i: the weighted mean is
        // a + b (M / n) sum(i^2) / sum(i) = a + b M (2n + 1) / (3n).
        var curve = FundingCurve.Create([0.0, 10.0], [0.01, 0.06]);
        const double A = 0.01, B = 0.005, M = 10.0;
        const int N = 120;
        double expected = A + (B * M * ((2.0 * N) + 1.0) / (3.0 * N));
        TransferPricing.MatchedRate(curve, Amortisation.Linear, M, 12, 0.0).Should().BeApproximately(expected, Tight);
    }

    [Theory]
    [InlineData(Amortisation.Bullet)]
    [InlineData(Amortisation.Linear)]
    [InlineData(Amortisation.Annuity)]
    public void MatchedRate_FlatCurve_IsTheFlatRate(Amortisation amortisation) =>
        TransferPricing.MatchedRate(FundingCurve.Flat(0.031), amortisation, 25.0, 12, 0.04).Should().Be(0.031);

    [Fact]
    public void MatchedRate_AmortisingBelowBullet_OnUpwardCurve()
    {
        // Invariant: on an upward-sloping curve the earlier repayments of an amortising loan are funded shorter and cheaper.
        var curve = FundingCurve.Create([0.25, 30.0], [0.01, 0.04]);
        double bullet = TransferPricing.MatchedRate(curve, Amortisation.Bullet, 20.0, 12, 0.05);
        double annuity = TransferPricing.MatchedRate(curve, Amortisation.Annuity, 20.0, 12, 0.05);
        double linear = TransferPricing.MatchedRate(curve, Amortisation.Linear, 20.0, 12, 0.05);
        linear.Should().BeLessThan(annuity);
        annuity.Should().BeLessThan(bullet);
    }

    [Fact]
    public void Rate_Repricing_MatchesBaseToRepricingAndPremiumToProfile()
    {
        var liquidity = FundingCurve.Create([1.0, 2.0], [0.001, 0.003]);
        var ftp = TransferPricing.Rate(s_curve, liquidity, Amortisation.Linear, 2.0, 0.25, 1, 0.0);
        ftp.BaseRate.Should().Be(0.01); // 3-month reset: flat before the 1-year point
        ftp.LiquidityPremium.Should().BeApproximately(((0.5 * 0.001) + (1.0 * 0.003)) / 1.5, Exact);
        ftp.Total.Should().Be(ftp.BaseRate + ftp.LiquidityPremium);
    }

    [Fact]
    public void Rate_Span_EqualsScalarAndChecks()
    {
        Amortisation[] am = [Amortisation.Bullet, Amortisation.Linear, Amortisation.Annuity];
        double[] m = [1.5, 2.0, 2.0], rp = [double.NaN, 0.5, double.NaN], r = [0.0, 0.0, 0.1];
        var d = new double[3];
        TransferPricing.Rate(s_curve, null, am, m, rp, r, 1, d);
        for (int i = 0; i < 3; i++)
        {
            d[i].Should().Be(TransferPricing.Rate(s_curve, null, am[i], m[i], rp[i], 1, r[i]).Total);
        }

        FluentActions.Invoking(() => TransferPricing.Rate(s_curve, null, am, m, rp, r, 1, new double[2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => TransferPricing.MatchedRate(s_curve, Amortisation.Linear, 0.0, 12, 0.0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => TransferPricing.MatchedRate(s_curve, Amortisation.Linear, 1.0, 0, 0.0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
