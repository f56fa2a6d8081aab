using ValueCore.Schedules;

namespace ValueCore.Tests.Schedules;

public class DayCountsTests
{
    private const double Exact = 1e-15;

    // Expected fractions follow from the ISDA 2006 Definitions section 4.16 formulas worked by hand.
    [Theory]
    [InlineData("2020-01-01", "2021-01-01", 366.0 / 365.0)]
    [InlineData("2021-01-01", "2022-01-01", 1.0)]
    [InlineData("2024-02-28", "2024-03-01", 2.0 / 365.0)]
    public void YearFraction_Act365Fixed_IsActualDaysOver365(string start, string end, double expected) =>
        DayCounts.YearFraction(DayCount.Act365Fixed, DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture)).Should().BeApproximately(expected, Exact);

    [Fact]
    public void YearFraction_Act360_IsActualDaysOver360() =>
        DayCounts.YearFraction(DayCount.Act360, new DateOnly(2024, 1, 1), new DateOnly(2025, 1, 1)).Should().BeApproximately(366.0 / 360.0, Exact);

    [Theory]
    [InlineData(2024, 1, 31, 2024, 2, 28, 28.0)]   // D1 = 31 -> 30: 30 + (28 - 30) = 28
    [InlineData(2024, 1, 30, 2024, 3, 31, 60.0)]   // D2 = 31 -> 30 because D1 = 30
    [InlineData(2024, 1, 31, 2024, 3, 31, 60.0)]   // both adjusted
    [InlineData(2024, 2, 28, 2024, 3, 31, 33.0)]   // D2 stays 31 because D1 = 28
    [InlineData(2019, 12, 31, 2024, 12, 31, 1800.0)] // whole years are exact
    public void YearFraction_Thirty360BondBasis_FollowsIsda4_16f(int y1, int m1, int d1, int y2, int m2, int d2, double days) =>
        DayCounts.YearFraction(DayCount.Thirty360, new DateOnly(y1, m1, d1), new DateOnly(y2, m2, d2)).Should().BeApproximately(days / 360.0, Exact);

    [Fact]
    public void YearFraction_SpanKernel_EqualsScalar()
    {
        var start = new DateOnly(2023, 5, 31);
        DateOnly[] ends = [new(2023, 6, 30), new(2024, 2, 29), new(2030, 12, 31)];
        var dest = new double[3];
        foreach (var dc in new[] { DayCount.Act365Fixed, DayCount.Thirty360, DayCount.Act360 })
        {
            DayCounts.YearFraction(dc, start, ends, dest);
            for (int i = 0; i < ends.Length; i++)
            {
                dest[i].Should().Be(DayCounts.YearFraction(dc, start, ends[i]));
            }
        }
    }

    [Fact]
    public void YearFraction_ShortDestination_Throws() =>
        FluentActions.Invoking(() => DayCounts.YearFraction(DayCount.Act360, default, new DateOnly[2], new double[1])).Should().Throw<ArgumentException>();

    [Fact]
    public void YearFraction_UndefinedConvention_Throws() =>
        FluentActions.Invoking(() => DayCounts.YearFraction((DayCount)7, default, default)).Should().Throw<ArgumentOutOfRangeException>();
}
