using ValueCore.Capital;

namespace ValueCore.Tests.Capital;

public sealed class ExpectedLossProvisionsTests
{
    private const double Tolerance = 1e-9; // hand arithmetic on round numbers

    [Fact]
    public void Compare_Shortfall_DeductedFromCet1AndNoTier2()
    {
        // By hand: two performing loans, EL 300 + 200 = 500, provisions 150 + 150 = 300: shortfall 200 (CET1 deduction),
        // no excess, Tier 2 0; el_minus_provisions = +200.
        var r = ExpectedLossProvisions.Compare([300.0, 200.0], [150.0, 150.0], [false, false], [0, 0], 1, 100_000);
        r.ElMinusProvisions.Should().BeApproximately(200, Tolerance);
        r.Cet1Deduction.Should().BeApproximately(200, Tolerance);
        r.Bank.Excess.Should().Be(0);
        r.Tier2.Should().Be(0);
    }

    [Fact]
    public void Compare_ExcessBelowTheCap_AllInTier2()
    {
        // EL 500, provisions 800: excess 300; cap 0.6% x 100,000 = 600 does not bind: Tier 2 = 300.
        var r = ExpectedLossProvisions.Compare([500.0], [800.0], [false], [0], 1, 100_000);
        r.ElMinusProvisions.Should().BeApproximately(-300, Tolerance);
        r.Cet1Deduction.Should().Be(0);
        r.Tier2Cap.Should().BeApproximately(600, Tolerance);
        r.Tier2.Should().BeApproximately(300, Tolerance);
    }

    [Fact]
    public void Compare_ExcessAboveTheCap_Tier2CappedAtPointSixPercentOfRwa()
    {
        // EL 500, provisions 1,500: excess 1,000; cap 0.006 x 100,000 = 600 binds: Tier 2 = 600 (CAP10.18), el_minus_provisions -1,000 uncapped.
        var r = ExpectedLossProvisions.Compare([500.0], [1_500.0], [false], [0], 1, 100_000);
        r.ElMinusProvisions.Should().BeApproximately(-1_000, Tolerance);
        r.Bank.Excess.Should().BeApproximately(1_000, Tolerance);
        r.Tier2.Should().BeApproximately(600, Tolerance);
    }

    [Fact]
    public void Compare_ExcessOnDefaulted_DoesNotOffsetShortfallOnPerforming()
    {
        // Performing: EL 400, provisions 300 -> shortfall 100. Defaulted: EL 200, provisions 500 -> excess 300.
        // Netted the bank would show an excess of 200; under the two-pool rule the 100 is deducted from CET1 and the
        // 300 excess goes to Tier 2 (cap 600 not binding). EL - P stays -200 uncapped.
        var r = ExpectedLossProvisions.Compare([400.0, 200.0], [300.0, 500.0], [false, true], [0, 1], 2, 100_000);
        r.ElMinusProvisions.Should().BeApproximately(-200, Tolerance);
        r.Cet1Deduction.Should().BeApproximately(100, Tolerance);
        r.Bank.Excess.Should().BeApproximately(300, Tolerance);
        r.Tier2.Should().BeApproximately(300, Tolerance);
        r.Groups[0].Shortfall.Should().BeApproximately(100, Tolerance);
        r.Groups[1].Excess.Should().BeApproximately(300, Tolerance);
    }

    [Fact]
    public void Compare_ExcessOnPerforming_CoversShortfallOnDefaulted()
    {
        // Performing: EL 100, provisions 400 -> excess 300. Defaulted: EL 500, provisions 300 -> shortfall 200.
        // The performing excess covers it: shortfall 0, excess 100.
        var r = ExpectedLossProvisions.Compare([100.0, 500.0], [400.0, 300.0], [false, true], [0, 0], 1, 100_000);
        r.Cet1Deduction.Should().Be(0);
        r.Bank.Excess.Should().BeApproximately(100, Tolerance);
        r.Bank.El.Should().BeApproximately(600, Tolerance);
        r.Bank.Provisions.Should().BeApproximately(700, Tolerance);
    }

    [Fact]
    public void Compare_NegativeProvision_Throws()
    {
        var act = () => ExpectedLossProvisions.Compare([1.0], [-1.0], [false], [0], 1, 0);
        act.Should().Throw<ArgumentOutOfRangeException>();
    }
}
