using ValueCore.Risk.Market;

namespace ValueCore.Tests.Risk.Market;

public class HistoricalEstimatorTests
{
    private const double Exact = 1e-12;

    // Ten scenarios; the losses (-pnl) sorted by hand, worst first: 20, 12, 8, 5, 1, 0, -2, -3, -4, -7.
    private static readonly double[] s_pnl = [-5, 3, -12, 7, -1, -20, 4, -8, 0, 2];

    [Theory]
    [InlineData(0.8, 12.0 + 4.0, 8.0)] // m = 2: ES = (20 + 12) / 2 = 16, VaR = L(3) = 8
    [InlineData(0.75, 14.4, 8.0)] // m = 2.5: ES = (20 + 12 + 0.5 x 8) / 2.5 = 14.4, VaR = L(3) = 8
    [InlineData(0.9, 20.0, 12.0)] // m = 1: ES = L(1) = 20, VaR = L(2) = 12
    [InlineData(0.95, 20.0, 20.0)] // m = 0.5: ES = 0.5 x 20 / 0.5 = 20, VaR = L(1) = 20
    [InlineData(0.5, 9.2, 0.0)] // m = 5: ES = (20 + 12 + 8 + 5 + 1) / 5 = 9.2, VaR = L(6) = 0
    public void ExpectedShortfallAndVar_HandSortedVector_MatchHandValues(double confidence, double es, double var)
    {
        HistoricalEstimator.ExpectedShortfall(s_pnl, confidence).Should().BeApproximately(es, Exact);
        HistoricalEstimator.ValueAtRisk(s_pnl, confidence).Should().BeApproximately(var, Exact);
    }

    [Theory]
    [InlineData(100, 0.99, 1.0)]
    [InlineData(250, 0.99, 2.5)]
    [InlineData(500, 0.99, 5.0)]
    [InlineData(1000, 0.999, 1.0)]
    [InlineData(10, 0.8, 2.0)]
    public void TailSize_DecimalConfidence_SnapsToExactTail(int n, double confidence, double expected)
    {
        HistoricalEstimator.TailSize(n, confidence).Should().Be(expected);
    }

    [Fact]
    public void ExpectedShortfall_RandomVectors_IsAtLeastVarAndAtMostWorstLoss()
    {
        var rng = new Random(20261128);
        for (int trial = 0; trial < 200; trial++)
        {
            var pnl = new double[rng.Next(1, 400)];
            for (int i = 0; i < pnl.Length; i++)
            {
                pnl[i] = rng.NextDouble() * 200 - 100;
            }

            double alpha = 0.5 + rng.NextDouble() * 0.499;
            double es = HistoricalEstimator.ExpectedShortfall(pnl, alpha);
            HistoricalEstimator.ValueAtRisk(pnl, alpha).Should().BeLessThanOrEqualTo(es + Exact);
            es.Should().BeLessThanOrEqualTo(-pnl.Min() + Exact);
        }
    }

    [Fact]
    public void SquareRootOfTime_TenDaysFromDaily_IsSqrtTen()
    {
        HistoricalEstimator.SquareRootOfTime(10, 1).Should().Be(Math.Sqrt(10));
        HistoricalEstimator.SquareRootOfTime(20, 5).Should().Be(2.0);
    }

    [Fact]
    public void Estimators_BadInput_Throw()
    {
        FluentActions.Invoking(() => HistoricalEstimator.ExpectedShortfall([], 0.99)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => HistoricalEstimator.ExpectedShortfall([1.0, double.NaN], 0.99)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HistoricalEstimator.ValueAtRisk([1.0], 1.0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HistoricalEstimator.ValueAtRisk([1.0], 0.0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HistoricalEstimator.SquareRootOfTime(0, 1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => HistoricalEstimator.TailSize(0, 0.99)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void TopLosses_RandomVectorsWithTies_EqualTheHeadOfAFullSort()
    {
        var rng = new Random(5);
        for (int trial = 0; trial < 300; trial++)
        {
            int n = rng.Next(1, 500);
            var pnl = Enumerable.Range(0, n).Select(_ => (double)rng.Next(-20, 20)).ToArray(); // many ties
            int k = rng.Next(1, n + 1);
            var top = new double[k];
            HistoricalEstimator.TopLossesUnchecked(pnl, k, new double[n], top);
            var expected = pnl.Select(x => -x).OrderByDescending(x => x).Take(k).ToArray();
            top.Should().Equal(expected);
        }
    }
}
