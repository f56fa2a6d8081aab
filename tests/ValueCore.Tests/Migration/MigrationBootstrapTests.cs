using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class MigrationBootstrapTests
{
    [Fact]
    public void Run_SameSeed_IsBitIdenticalAndOrdered()
    {
        var h = MigrationTestData.FourEntities();
        var a = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 42, 3);
        var b = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 42, 3);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                a.MatrixLower(i, j).Should().Be(b.MatrixLower(i, j));
                a.MatrixUpper(i, j).Should().BeGreaterThanOrEqualTo(a.MatrixLower(i, j));
            }

            for (int t = 1; t <= 3; t++)
            {
                a.CumulativePDUpper(i, t).Should().Be(b.CumulativePDUpper(i, t));
            }
        }

        // The A -> D entry is 1/7 in the full sample; resampling four entities spreads it over [0, >1/7].
        a.MatrixLower(0, 2).Should().Be(0);
        a.MatrixUpper(0, 2).Should().BeGreaterThan(1.0 / 7);
    }

    [Fact]
    public void Percentile_Type7_InterpolatesOrderStatistics()
    {
        // R's quantile(1:5, 0.1, type = 7) = 1.4.
        MigrationBootstrap.Percentile([5, 1, 4, 2, 3], 0.1).Should().BeApproximately(1.4, 1e-15);
    }

    /// <summary>
    /// One cohort per year (numeric time, one-year periods): year k has <paramref name="entities"/> entities in A at
    /// k - 1, of which <paramref name="defaults"/>[k] are in D at k, the others still in A.
    /// </summary>
    private static RatingHistory YearlyCohorts(int entities, params int[] defaults)
    {
        var entity = new List<int>();
        var time = new List<double>();
        var state = new List<int>();
        int id = 0;
        for (int k = 0; k < defaults.Length; k++)
        {
            for (int e = 0; e < entities; e++, id++)
            {
                entity.AddRange([id, id]);
                time.AddRange([k, k + 1]);
                state.AddRange([0, e < defaults[k] ? 1 : 0]);
            }
        }

        return RatingHistory.Create(StateSpace.Create(["A", "D"]), HistoryTimeUnit.Years, entity.ToArray(), time.ToArray(), state.ToArray(), [], []);
    }

    [Fact]
    public void Run_PeriodKindDefaultsOfAYearTogether_IntervalIsTheRangeOfThePeriodRates()
    {
        // Year 1: no default among 500; year 2: 100 of 500 default together (a common shock). Pooled PD = 100 / 1000 = 0.1.
        // Period bootstrap with K = 2 periods: a replicate draws (1, 1), (1, 2), (2, 1) or (2, 2) with probabilities
        // 1/4, 1/4, 1/4, 1/4, so its PD is 0, 0.1 or 0.2 with probabilities 1/4, 1/2, 1/4 (the bootstrap distribution of the
        // mean of the two period default rates). The 2.5% and 97.5% percentiles are therefore the smallest and the largest
        // period default rate, 0 and 0.2: the between-period dispersion. The entity bootstrap treats the 1,000 entity-years
        // as independent: its interval is about 0.1 +/- 1.96 sqrt(0.1 x 0.9 / 1000) = [0.081, 0.119], much narrower.
        var h = YearlyCohorts(500, 0, 100);
        var period = MigrationBootstrap.Run(h, new CohortEstimator(), 400, 7, 1, 0.95, BootstrapKind.Period);
        period.Kind.Should().Be(BootstrapKind.Period);
        period.MatrixLower(0, 1).Should().Be(0.0);
        period.MatrixUpper(0, 1).Should().Be(0.2);
        period.CumulativePDLower(0, 1).Should().Be(0.0);
        period.CumulativePDUpper(0, 1).Should().Be(0.2);

        var entity = MigrationBootstrap.Run(h, new CohortEstimator(), 400, 7, 1, 0.95, BootstrapKind.Entity);
        entity.Kind.Should().Be(BootstrapKind.Entity);
        double entityWidth = entity.MatrixUpper(0, 1) - entity.MatrixLower(0, 1);
        entityWidth.Should().BeGreaterThan(0).And.BeLessThan(0.2 / 2);
    }

    [Fact]
    public void Run_PeriodKindEveryPeriodIdentical_ZeroWidth()
    {
        // Three identical years (5 defaults of 100 each): every replicate pools the same rate 5W / 100W = 1/20 exactly.
        var h = YearlyCohorts(100, 5, 5, 5);
        var period = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 3, 2, 0.95, BootstrapKind.Period);
        period.MatrixLower(0, 1).Should().Be(1.0 / 20);
        period.MatrixUpper(0, 1).Should().Be(1.0 / 20);
        period.CumulativePDUpper(0, 2).Should().Be(period.CumulativePDLower(0, 2));

        // The entity bootstrap of the same data still varies (it ignores that the periods agree).
        var entity = MigrationBootstrap.Run(h, new CohortEstimator(), 200, 3, 2, 0.95);
        entity.MatrixUpper(0, 1).Should().BeGreaterThan(entity.MatrixLower(0, 1));
    }

    [Fact]
    public void Run_PeriodKindAverageAggregation_IntervalIsTheRangeOfThePeriodRates()
    {
        // Average of the period matrices, unequal cohorts (200 with 2 defaults, 50 with 5): a replicate's rate is the
        // drawn-multiplicity average of 0.01 and 0.1, so the interval ends are the two period rates (the pooled rate,
        // 7 / 250, is not an end: the average weights periods, not entities).
        var h2 = MixedCohorts();
        var est = new CohortEstimator(new CohortOptions { Aggregation = CohortAggregation.Average });
        var period = MigrationBootstrap.Run(h2, est, 400, 11, 1, 0.95, BootstrapKind.Period);
        period.MatrixLower(0, 1).Should().Be(0.01);
        period.MatrixUpper(0, 1).Should().Be(0.1);
    }

    private static RatingHistory MixedCohorts()
    {
        // Year 1: 200 entities, 2 defaults (rate 0.01); year 2: 50 entities, 5 defaults (rate 0.1).
        var entity = new List<int>();
        var time = new List<double>();
        var state = new List<int>();
        int id = 0;
        foreach (var (k, count, defaults) in new[] { (0, 200, 2), (1, 50, 5) })
        {
            for (int e = 0; e < count; e++, id++)
            {
                entity.AddRange([id, id]);
                time.AddRange([k, k + 1]);
                state.AddRange([0, e < defaults ? 1 : 0]);
            }
        }

        return RatingHistory.Create(StateSpace.Create(["A", "D"]), HistoryTimeUnit.Years, entity.ToArray(), time.ToArray(), state.ToArray(), [], []);
    }

    [Fact]
    public void Run_PeriodKindWithAalenJohansen_Throws()
    {
        var act = () => MigrationBootstrap.Run(MigrationTestData.FourEntities(), new AalenJohansenEstimator(), 10, 1, 1, 0.95, BootstrapKind.Period);
        act.Should().Throw<ArgumentException>().WithMessage("*cohort estimator*");
    }
}
