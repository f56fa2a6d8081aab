using ValueCore.Pricing;

namespace ValueCore.Tests.Pricing;

public class FundingCurveTests
{
    private const double Exact = 1e-15;

    private static FundingCurve Curve() => FundingCurve.Create([0.5, 2.0, 5.0], [0.01, 0.02, 0.035]);

    [Theory]
    // Hand values: flat before 0.5 and after 5; linear in between, e.g. 1.25 lies half-way from 0.5 to 2: 1% + 0.5 x 1% = 1.5%;
    // 3.5 lies half-way from 2 to 5: 2% + 0.5 x 1.5% = 2.75%.
    [InlineData(0.0, 0.01)]
    [InlineData(0.25, 0.01)]
    [InlineData(0.5, 0.01)]
    [InlineData(1.25, 0.015)]
    [InlineData(2.0, 0.02)]
    [InlineData(3.5, 0.0275)]
    [InlineData(4.4, 0.032)]
    [InlineData(5.0, 0.035)]
    [InlineData(30.0, 0.035)]
    public void RateAt_HandValues_Match(double tenor, double expected) =>
        Curve().RateAt(tenor).Should().BeApproximately(expected, Exact);

    [Fact]
    public void Create_UnsortedTenors_ThrowsNamingBoth()
    {
        var act = () => FundingCurve.Create([1.0, 3.0, 2.0], [0.01, 0.02, 0.03]);
        act.Should().Throw<ArgumentException>().WithMessage("*Tenor 2 = 2 is below tenor 1 = 3*");
    }

    [Fact]
    public void Create_DuplicateTenor_Throws()
    {
        var act = () => FundingCurve.Create([1.0, 2.0, 2.0], [0.01, 0.02, 0.03]);
        act.Should().Throw<ArgumentException>().WithMessage("*repeats*");
    }

    [Fact]
    public void Create_BadInputs_Throw()
    {
        FluentActions.Invoking(() => FundingCurve.Create([], [])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => FundingCurve.Create([1.0], [0.01, 0.02])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => FundingCurve.Create([-1.0], [0.01])).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => FundingCurve.Create([1.0], [double.NaN])).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Curve().RateAt(double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void RateAt_Span_EqualsScalar()
    {
        var curve = Curve();
        double[] tenors = [0.1, 0.7, 1.9, 2.0, 4.99, 7.0];
        var destination = new double[tenors.Length];
        curve.RateAt(tenors, destination);
        for (int i = 0; i < tenors.Length; i++)
        {
            destination[i].Should().Be(curve.RateAt(tenors[i]));
        }

        FluentActions.Invoking(() => curve.RateAt(tenors, new double[2])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void RateAtWalking_MonotoneWalks_SameBitsAsBinarySearch()
    {
        var curve = FundingCurve.Create([0.25, 0.5, 1, 2, 3, 5, 10], [0.02, 0.021, 0.023, 0.026, 0.027, 0.03, 0.034]);
        var random = new Random(3);
        var tenors = Enumerable.Range(0, 500).Select(_ => random.NextDouble() * 12).Append(0.5).Append(10).Append(0).Order().ToArray();
        int k = 0;
        foreach (double t in tenors)
        {
            curve.RateAtWalking(t, ref k).Should().Be(curve.RateAt(t));
        }

        k = curve.Count;
        foreach (double t in tenors.Reverse())
        {
            curve.RateAtWalking(t, ref k).Should().Be(curve.RateAt(t));
        }
    }
}
