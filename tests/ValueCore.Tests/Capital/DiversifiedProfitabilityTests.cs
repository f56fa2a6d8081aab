using ValueCore.Capital;
using ValueCore.Portfolio;
using ValueCore.Profitability;

namespace ValueCore.Tests.Capital;

public sealed class DiversifiedProfitabilityTests
{
    private const double Tolerance = 1e-9; // hand arithmetic in another order

    private static PortfolioResult Value(double hurdle = 0.12, IReadOnlyDictionary<string, double>? bySegment = null)
    {
        var b = new LoanBookBuilder();
        b.Add(new Loan { LoanId = "A", Segment = "corp", AssetClass = AssetClass.Corporate, Ead = 1_000_000, Pd = 0.01, Lgd = 0.45, Rate = 0.06, FtpRate = 0.02, MaturityYears = 2.5, Fees = 2_000, Opex = 3_000 });
        b.Add(new Loan { LoanId = "B", Segment = "retail", AssetClass = AssetClass.RetailOther, Ead = 200_000, Pd = 0.03, Lgd = 0.7, Rate = 0.09, FtpRate = 0.02, Fees = 100, Opex = 1_500 });
        var options = new ValuationOptions
        {
            Profitability = new ProfitabilityParameters { Hurdle = hurdle, TaxRate = 0.25, CapitalRate = 0.03 },
            HurdleBySegment = bySegment ?? new Dictionary<string, double>(),
        };
        return PortfolioValuation.Run(b.Build(), options);
    }

    [Fact]
    public void Compute_AllocatedEqualsStandalone_ReproducesTheStandaloneFiguresExactly()
    {
        // Invariant: on its own standalone capital a loan's diversified figures are its standalone figures, bit for bit.
        var v = Value();
        var d = DiversifiedProfitability.Compute(v, v.Ec);
        d.DiversifiedReturn.Should().Equal(v.Return.ToArray());
        d.DiversifiedEva.Should().Equal(v.Eva.ToArray());
        d.DiversifiedRaroc.Select(r => r!.Value).Should().Equal(v.Raroc.ToArray());
        d.DiversificationBenefit.Should().Equal(0.0, 0.0);
        d.DiversifiedEvaTotal.Should().Be(d.StandaloneEvaTotal);
    }

    [Fact]
    public void Compute_NegativeAllocatedCapital_EvaCreditsTheCapitalAndRarocIsNull()
    {
        // Closed form for loan B on EC = -1,000: revenue = 200,000 x (0.09 - 0.02) + 100 = 14,100; EL = 0.03 x 0.7 x 200,000 = 4,200;
        // pre-tax = 14,100 - 1,500 - 4,200 + 0.03 x (-1,000) = 8,370; return = 8,370 x 0.75 = 6,277.5; EVA = 6,277.5 + 0.12 x 1,000 = 6,397.5.
        var v = Value();
        var d = DiversifiedProfitability.Compute(v, [5_000.0, -1_000.0]);
        d.DiversifiedReturn[1].Should().BeApproximately(6_277.5, Tolerance * 6_277.5);
        d.DiversifiedEva[1].Should().BeApproximately(6_397.5, Tolerance * 6_397.5);
        d.DiversifiedRaroc[1].Should().BeNull();
        d.DiversifiedRaroc[0].Should().Be(d.DiversifiedReturn[0] / 5_000.0);
        d.DiversifiedEcTotal.Should().Be(4_000.0);
        d.DiversificationBenefitTotal.Should().Be(v.Ec[0] + v.Ec[1] - 4_000.0);
    }

    [Fact]
    public void Compute_ZeroAllocatedCapital_RarocTotalIsNull()
    {
        var d = DiversifiedProfitability.Compute(Value(), [0.0, 0.0]);
        d.DiversifiedRarocTotal.Should().BeNull();
        d.DiversifiedRaroc.Should().AllSatisfy(r => r.Should().BeNull());
        d.DiversifiedEva.Should().Equal(d.DiversifiedReturn);
    }

    [Fact]
    public void Compute_SegmentHurdles_EachLoanUsesItsSegmentsHurdle()
    {
        var v = Value(hurdle: 0.12, bySegment: new Dictionary<string, double> { ["retail"] = 0.2 });
        var d = DiversifiedProfitability.Compute(v, [5_000.0, 1_000.0]);
        d.DiversifiedEva[0].Should().Be(RiskAdjustedReturn.Eva(d.DiversifiedReturn[0], 5_000.0, 0.12));
        d.DiversifiedEva[1].Should().Be(RiskAdjustedReturn.Eva(d.DiversifiedReturn[1], 1_000.0, 0.2));
    }

    [Fact]
    public void Compute_WrongLength_ThrowsArgumentException()
    {
        var act = () => DiversifiedProfitability.Compute(Value(), [1.0]);
        act.Should().Throw<ArgumentException>();
    }
}
