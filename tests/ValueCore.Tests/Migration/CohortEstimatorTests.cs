using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class CohortEstimatorTests
{
    private const double Exact = 1e-15;

    [Fact]
    public void Estimate_HandWorkedHistory_GivesPooledFractions()
    {
        // Hand-worked (see MigrationTestData.FourEntities): periods (0,1], (1,2], (2,3].
        // Period 1: e1 A->B, e2 A->A, e3 A->A (e4 enters at 0.5, not observed at 0).
        // Period 2: e1 B->B, e2 A->A, e3 A->D, e4 A->A. Period 3: e3 D->D (absorbed), e4 A->A (e1, e2 censored at 2).
        // Pooled A row: 5 A->A, 1 A->B, 1 A->D of 7.
        var est = new CohortEstimator().Estimate(MigrationTestData.FourEntities());
        est.Matrix[0, 0].Should().BeApproximately(5.0 / 7, Exact);
        est.Matrix[0, 1].Should().BeApproximately(1.0 / 7, Exact);
        est.Matrix[0, 2].Should().BeApproximately(1.0 / 7, Exact);
        est.Matrix[1, 1].Should().Be(1.0);
        est.Counts[0, 0].Should().Be(5);
        est.RowTotals.Should().Equal(7, 1, 1);
        est.Periods.Should().HaveCount(3);
        est.Periods[1].Counts[0, 2].Should().Be(1);
        est.UnobservedStates.Should().BeEmpty();
    }

    [Fact]
    public void Estimate_Average_IsMeanOfPeriodRows()
    {
        // Period A rows: (2/3, 1/3, 0), (2/3, 0, 1/3), (1, 0, 0); mean (7/9, 1/9, 1/9). B observed in period 2 only.
        var est = new CohortEstimator(new CohortOptions { Aggregation = CohortAggregation.Average }).Estimate(MigrationTestData.FourEntities());
        est.Matrix[0, 0].Should().BeApproximately(7.0 / 9, Exact);
        est.Matrix[0, 1].Should().BeApproximately(1.0 / 9, Exact);
        est.Matrix[0, 2].Should().BeApproximately(1.0 / 9, Exact);
        est.Periods[0].UnobservedStates.Should().Equal("B");
    }

    [Fact]
    public void Estimate_CompletePanel_EqualsCountRatio()
    {
        // Invariant: on a complete panel (every entity observed at every date) the pooled estimate is the count ratio.
        var rng = new Random(7);
        var s = StateSpace.Create(["R1", "R2", "R3", "D"]);
        int entities = 300;
        int dates = 5;
        var entity = new List<int>();
        var time = new List<double>();
        var state = new List<int>();
        var counts = new double[4, 4];
        for (int e = 0; e < entities; e++)
        {
            int st = rng.Next(3);
            for (int t = 0; t < dates; t++)
            {
                if (t > 0)
                {
                    int next = st == 3 ? 3 : rng.Next(10) switch { < 6 => st, < 8 => Math.Min(st + 1, 3), < 9 => Math.Max(st - 1, 0), _ => 3 };
                    counts[st, next]++;
                    st = next;
                }

                entity.Add(e);
                time.Add(new DateOnly(2015 + t, 12, 31).DayNumber);
                state.Add(st);
            }
        }

        var h = RatingHistory.Create(s, HistoryTimeUnit.Days, entity.ToArray(), time.ToArray(), state.ToArray(), [], []);
        var est = new CohortEstimator().Estimate(h);
        for (int i = 0; i < 4; i++)
        {
            double row = Enumerable.Range(0, 4).Sum(j => counts[i, j]);
            for (int j = 0; j < 4; j++)
            {
                est.Matrix[i, j].Should().BeApproximately(row == 0 ? (i == j ? 1 : 0) : counts[i, j] / row, Exact);
            }
        }
    }

    [Fact]
    public void Estimate_BalanceWeighted_WeighsByOpeningBalance()
    {
        // Two pass loans: 300 stays pass, 100 moves to substandard: pass row (0.75, 0, 0.25, 0, 0) by balance, (0.5, 0, 0.5, 0, 0) by count.
        var h = RatingHistory.Create(StateSpace.FiveTier, HistoryTimeUnit.Years,
            [0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 0, 2], [300, 290, 100, 100], []);
        var byBalance = new CohortEstimator(new CohortOptions { Weighting = CohortWeighting.Balance }).Estimate(h);
        byBalance.Matrix[0, 0].Should().BeApproximately(0.75, Exact);
        byBalance.Matrix[0, 2].Should().BeApproximately(0.25, Exact);
        new CohortEstimator().Estimate(h).Matrix[0, 2].Should().Be(0.5);
        byBalance.UnobservedStates.Should().Equal("special_mention", "substandard", "doubtful");
    }

    [Fact]
    public void PeriodBoundaries_Dates_StepByCalendarYearNot365Days()
    {
        var s = StateSpace.Create(["A", "D"]);
        var d0 = new DateOnly(2019, 2, 28).DayNumber;
        var d1 = new DateOnly(2021, 3, 1).DayNumber;
        var h = RatingHistory.Create(s, HistoryTimeUnit.Days, [0, 0], [d0, d1], [0, 0], [], []);
        var b = new CohortEstimator().PeriodBoundaries(h);
        b.Should().Equal(d0, new DateOnly(2020, 2, 28).DayNumber, new DateOnly(2021, 2, 28).DayNumber);
    }

    [Fact]
    public void Estimate_SameInputTwice_IsBitIdentical()
    {
        var h = MigrationTestData.FourEntities();
        var a = new CohortEstimator().Estimate(h).Matrix;
        var b = new CohortEstimator().Estimate(h).Matrix;
        a.ToArray().Should().BeEquivalentTo(b.ToArray());
    }
}
