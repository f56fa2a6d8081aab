using ValueCore.Capital;

namespace ValueCore.Tests.Capital;

public sealed class ConcentrationTests
{
    private const double Tolerance = 1e-15; // n squared shares of 1/n

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1_000)]
    public void Herfindahl_EqualExposures_IsOneOverN(int n)
    {
        var e = Enumerable.Repeat(250.0, n).ToArray();
        Concentration.Herfindahl(e)!.Value.Should().BeApproximately(1.0 / n, Tolerance);
    }

    [Fact]
    public void Herfindahl_OneName_IsOne()
    {
        Concentration.Herfindahl([0.0, 5_000.0, 0.0])!.Value.Should().Be(1.0);
    }

    [Fact]
    public void Herfindahl_ByKey_AggregatesLoansOfOneKey()
    {
        // Loans 100 and 300 of obligor A, 400 of B: shares 0.5 and 0.5 -> 0.5; loan by loan it would be (1/64 + 9/64 + 16/64).
        Concentration.Herfindahl([100.0, 300.0, 400.0], ["A", "A", "B"])!.Value.Should().BeApproximately(0.5, Tolerance);
        Concentration.Herfindahl([100.0, 300.0, 400.0])!.Value.Should().BeApproximately(26.0 / 64.0, Tolerance);
    }

    [Fact]
    public void Herfindahl_NoExposure_IsNull()
    {
        Concentration.Herfindahl([0.0, 0.0]).Should().BeNull();
        Concentration.Herfindahl([]).Should().BeNull();
    }
}
