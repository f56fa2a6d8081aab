using ValueCore.Impairment;

namespace ValueCore.Tests.Impairment;

public class PresentValueTests
{
    private const double Tight = 1e-15;

    [Theory]
    [InlineData(0.08, 5.0)]
    [InlineData(0.0, 3.0)]
    [InlineData(0.05, 0.5)]
    public void DiscountFactor_MatchesPower(double eir, double years) =>
        PresentValue.DiscountFactor(eir, years).Should().BeApproximately(Math.Pow(1 + eir, -years), Tight);

    [Fact]
    public void DiscountFactor_SpanKernel_EqualsScalar()
    {
        double[] years = [0.0, 0.25, 1.0, 7.5, 30.0];
        var dest = new double[years.Length];
        PresentValue.DiscountFactor(0.07, years, dest);
        for (int i = 0; i < years.Length; i++)
        {
            dest[i].Should().Be(PresentValue.DiscountFactor(0.07, years[i]));
        }
    }

    [Fact]
    public void DiscountFactor_ShortDestinationOrBadRate_Throws()
    {
        FluentActions.Invoking(() => PresentValue.DiscountFactor(0.07, new double[3], new double[2])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PresentValue.DiscountFactor(-1.0, 1.0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => PresentValue.DiscountFactor(double.NaN, 1.0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Of_LevelAnnuity_MatchesClosedForm()
    {
        // a(n) = (1 - v^n) / r at r = 6%, n = 5: 4.212364 (standard annuity table).
        double pv = PresentValue.Of(0.06, [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 1.0, 1.0, 1.0, 1.0]);
        pv.Should().BeApproximately((1 - Math.Pow(1.06, -5)) / 0.06, 1e-14);
        pv.Should().BeApproximately(4.212364, 5e-7);
    }

    [Fact]
    public void Of_LengthMismatch_Throws() =>
        FluentActions.Invoking(() => PresentValue.Of(0.05, [1.0, 2.0], [1.0])).Should().Throw<ArgumentException>();
}
