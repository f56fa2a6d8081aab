using ValueCore.Capital;
using ValueCore.Profitability;

namespace ValueCore.Tests.Capital;

public sealed class CapitalBasisProfitabilityTests
{
    private const double Tolerance = 1e-9; // hand arithmetic on round numbers

    private static readonly ProfitabilityParameters s_parameters = new() { Hurdle = 0.10, TaxRate = 0.25, CapitalRate = 0.02 };

    // Two groups: revenue 1,000 and 500, opex 200 and 100, EL 100 and 50, EC 2,000 and 1,000, floored RWA 20,000 and 5,000.
    private static CapitalBasisResult Compute(CapitalBasis basis) => CapitalBasisProfitability.Compute(
        [1_000.0, 500.0], [200.0, 100.0], [100.0, 50.0], [2_000.0, 1_000.0], [20_000.0, 5_000.0],
        new CapitalBasisOptions { Basis = basis, CapitalRatio = 0.08, Profitability = s_parameters });

    [Fact]
    public void Compute_Regulatory_RarocOnRatioTimesFlooredRwa()
    {
        // By hand, group 1: RC = 0.08 x 20,000 = 1,600; pre-tax = 1,000 - 200 - 100 + 0.02 x 1,600 = 732; return = 0.75 x 732 = 549;
        // RAROC = 549 / 1,600 = 0.343125; EVA = 549 - 0.10 x 1,600 = 389.
        var r = Compute(CapitalBasis.Regulatory);
        r.RegulatoryCapital[0].Should().BeApproximately(1_600, Tolerance);
        r.Capital[0].Should().BeApproximately(1_600, Tolerance);
        r.Return[0].Should().BeApproximately(549, Tolerance);
        r.Raroc[0]!.Value.Should().BeApproximately(0.343125, Tolerance);
        r.Eva[0].Should().BeApproximately(389, Tolerance);
    }

    [Fact]
    public void Compute_Binding_TakesTheLargerCapitalGroupByGroup()
    {
        // Group 1: EC 2,000 > RC 0.08 x 20,000 = 1,600 -> 2,000. Group 2: EC 1,000 > RC 0.08 x 5,000 = 400 -> 1,000.
        // Binding is economic for both here; the second call makes the regulatory capital bind.
        var r = Compute(CapitalBasis.Binding);
        r.Capital.Should().Equal(2_000.0, 1_000.0);
        var e = Compute(CapitalBasis.Economic);
        r.Eva.Should().Equal(e.Eva);

        // Group 2 at floored RWA 20,000: RC 1,600 > EC 1,000, so binding capital 1,600; pre-tax = 500 - 100 - 50 + 0.02 x 1,600 = 382,
        // return 286.5, EVA = 286.5 - 160 = 126.5.
        var b = CapitalBasisProfitability.Compute([500.0], [100.0], [50.0], [1_000.0], [20_000.0],
            new CapitalBasisOptions { Basis = CapitalBasis.Binding, Profitability = s_parameters });
        b.Capital[0].Should().BeApproximately(1_600, Tolerance);
        b.Eva[0].Should().BeApproximately(126.5, Tolerance);
    }

    [Fact]
    public void Compute_Economic_EqualsTheRiskAdjustedReturnFormulas()
    {
        // Invariant: on the economic basis the figures are RiskAdjustedReturn's on EC.
        var r = Compute(CapitalBasis.Economic);
        double pre = RiskAdjustedReturn.PreTaxReturn(1_000, 200, 100, 2_000, 0.02);
        double ret = RiskAdjustedReturn.AfterTax(pre, 0.25);
        r.Return[0].Should().Be(ret);
        r.Raroc[0].Should().Be(RiskAdjustedReturn.Raroc(ret, 2_000));
        r.Eva[0].Should().Be(RiskAdjustedReturn.Eva(ret, 2_000, 0.10));
    }

    [Fact]
    public void Compute_ZeroCapital_RarocIsNull()
    {
        var r = CapitalBasisProfitability.Compute([10.0], [0.0], [0.0], [0.0], [0.0], new CapitalBasisOptions { Basis = CapitalBasis.Regulatory });
        r.Raroc[0].Should().BeNull();
        r.RarocTotal.Should().BeNull();
    }

    [Fact]
    public void CapitalRatio_Zero_Throws()
    {
        var act = () => new CapitalBasisOptions { CapitalRatio = 0.0 };
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
