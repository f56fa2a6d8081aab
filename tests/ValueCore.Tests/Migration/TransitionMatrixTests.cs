using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class TransitionMatrixTests
{
    private const double Tolerance = 1e-14;
    private static readonly StateSpace TwoState = StateSpace.Create(["performing", "default"]);

    [Fact]
    public void Create_RowNotSummingToOne_Throws()
    {
        var act = () => TransitionMatrix.Create(TwoState, new double[,] { { 0.9, 0.2 }, { 0, 1 } });
        act.Should().Throw<ArgumentException>().WithMessage("*Row performing sums to*");
    }

    [Fact]
    public void Create_NonSquare_Throws()
    {
        var act = () => TransitionMatrix.Create(TwoState, new double[,] { { 0.9, 0.1, 0 }, { 0, 1, 0 } });
        act.Should().Throw<ArgumentException>().WithMessage("*2 x 2 expected*");
    }

    [Fact]
    public void Create_AbsorbingRowNotUnit_Throws()
    {
        var act = () => TransitionMatrix.Create(TwoState, new double[,] { { 0.9, 0.1 }, { 0.5, 0.5 } });
        act.Should().Throw<ArgumentException>().WithMessage("*absorbing*");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(30)]
    public void CumulativePD_TwoStateChain_IsOneMinusSurvivalPower(int years)
    {
        // Closed form: with PD p per year, the cumulative PD after n years is 1 - (1 - p)^n.
        const double p = 0.03;
        var m = TransitionMatrix.Create(TwoState, new double[,] { { 1 - p, p }, { 0, 1 } });
        m.CumulativePD(0, years).Should().BeApproximately(1 - Math.Pow(1 - p, years), 1e-13);
        m.CumulativePD(1, years).Should().Be(1.0);
    }

    [Fact]
    public void CumulativePD_ZeroHorizon_IsZeroForLivingStatesAndOneForDefault()
    {
        var m = TransitionMatrix.Create(TwoState, new double[,] { { 0.97, 0.03 }, { 0, 1 } });
        m.CumulativePD(0, 0).Should().Be(0);
        m.CumulativePD(1, 0).Should().Be(1);
        Generator.Create(TwoState, new double[,] { { -0.1, 0.1 }, { 0, 0 } }).CumulativePD(0, 0).Should().Be(0);
    }

    [Fact]
    public void Over_FractionalHorizon_InterpolatesLinearlyWithinPeriod()
    {
        const double p = 0.04;
        var m = TransitionMatrix.Create(TwoState, new double[,] { { 1 - p, p }, { 0, 1 } });
        double c2 = 1 - Math.Pow(1 - p, 2);
        double c3 = 1 - Math.Pow(1 - p, 3);
        m.CumulativePD(0, 2.25).Should().BeApproximately(c2 + (0.25 * (c3 - c2)), Tolerance);
    }

    [Fact]
    public void Power_EqualsRepeatedProduct()
    {
        var s = MigrationTestData.Abd;
        var m = TransitionMatrix.Create(s, new double[,] { { 0.8, 0.15, 0.05 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } });
        var byProduct = m.Then(m).Then(m).Then(m).Then(m);
        m.Power(5).MaxAbsDifference(byProduct).Should().BeLessThan(1e-15);
        m.Power(5).PeriodYears.Should().Be(5);
    }

    [Fact]
    public void Power_RowsSumToOne()
    {
        var s = MigrationTestData.Abd;
        var m = TransitionMatrix.Create(s, new double[,] { { 0.8, 0.15, 0.05 }, { 0.1, 0.7, 0.2 }, { 0, 0, 1 } }).Power(40);
        for (int i = 0; i < 3; i++)
        {
            (m[i, 0] + m[i, 1] + m[i, 2]).Should().BeApproximately(1.0, 1e-13);
        }

        m[2, 2].Should().Be(1.0);
    }

    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.25, 4)]
    [InlineData(0.08333333, 12)] // 1/12 written with seven significant digits: 12 x 0.08333333 = 0.99999996
    public void PeriodsPerYear_PeriodDividingAYear_IsTheCount(double periodYears, int expected) =>
        TransitionMatrix.Identity(TwoState, periodYears).PeriodsPerYear.Should().Be(expected);

    [Theory]
    [InlineData(2.0)]
    [InlineData(0.4)] // 2.5 periods a year
    [InlineData(0.0833)] // 12 x 0.0833 = 0.9996: beyond the 1e-6 tolerance
    [InlineData(1.5)]
    public void PeriodsPerYear_PeriodNotDividingAYear_IsNullAndToOneYearThrows(double periodYears)
    {
        var m = TransitionMatrix.Identity(TwoState, periodYears);
        m.PeriodsPerYear.Should().BeNull();
        var act = () => m.ToOneYear();
        act.Should().Throw<InvalidOperationException>().WithMessage("*covers*years*");
    }

    [Fact]
    public void ToOneYear_SixMonthDefaultChain_IsOneMinusSurvivalSquared()
    {
        // Six-month PD q: one-year PD 1 - (1 - q)^2 = 2q - q^2 (closed form of the square of [[1 - q, q], [0, 1]]).
        const double q = 0.03;
        var half = TransitionMatrix.Create(TwoState, new[,] { { 1 - q, q }, { 0, 1 } }, 0.5);
        var year = half.ToOneYear();
        year.PeriodYears.Should().Be(1);
        year.DefaultProbability(0).Should().BeApproximately((2 * q) - (q * q), Tolerance);
    }
}
