using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class ContinuousEstimatorTests
{
    private const double Exact = 1e-15;

    [Fact]
    public void Duration_HandWorkedHistory_GivesTransitionsOverExposure()
    {
        // Time in A: e1 1, e2 2, e3 1.5, e4 2.5 = 7 years; one A->B and one A->D: lambda_AB = lambda_AD = 1/7.
        // Time in B: e1 1 year, no exit.
        var est = new DurationEstimator().Estimate(MigrationTestData.FourEntities());
        var g = est.Generator!;
        g[0, 1].Should().BeApproximately(1.0 / 7, Exact);
        g[0, 2].Should().BeApproximately(1.0 / 7, Exact);
        g[0, 0].Should().BeApproximately(-2.0 / 7, Exact);
        g[1, 0].Should().Be(0);
        est.ExposureYears![0].Should().Be(7);
        est.ExposureYears[1].Should().Be(1);
        est.Matrix.MaxAbsDifference(g.Over(1)).Should().Be(0);
    }

    [Fact]
    public void AalenJohansen_HandWorkedHistory_GivesProductIntegral()
    {
        // Event times: u = 1 (A->B), Y_A(1-) = 4 (e4 entered at 0.5); u = 1.5 (A->D), Y_A(1.5-) = 3 (e1 left A).
        // P_A. = (3/4, 1/4, 0) then x (I + dA(1.5)): P_AA = 3/4 * 2/3 = 1/2, P_AB = 1/4, P_AD = 3/4 * 1/3 = 1/4.
        var est = new AalenJohansenEstimator().Estimate(MigrationTestData.FourEntities());
        est.Matrix[0, 0].Should().BeApproximately(0.5, Exact);
        est.Matrix[0, 1].Should().BeApproximately(0.25, Exact);
        est.Matrix[0, 2].Should().BeApproximately(0.25, Exact);
        est.Matrix[1, 1].Should().Be(1);
        est.Counts[0, 1].Should().Be(1);
    }

    [Fact]
    public void AalenJohansen_CensoringAtEventTime_KeepsEntityAtRisk()
    {
        // Transitions at u are counted before censorings at u: e2 withdrawn at 1 (NR row) is still at risk at 1.
        var s = StateSpace.Create(["A", "D"]);
        var h = RatingHistory.Create(s, HistoryTimeUnit.Years, [0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 0, RatingHistory.CensoredState], [], []);
        var est = new AalenJohansenEstimator().Estimate(h);
        est.Matrix[0, 1].Should().BeApproximately(0.5, Exact);
    }

    [Fact]
    public void AalenJohansen_OneTimePoint_EqualsCohort()
    {
        // Invariant: a panel observed at s and t only: the Aalen-Johansen P(s, t) is the cohort estimate.
        var rng = new Random(11);
        var s = StateSpace.Create(["R1", "R2", "R3", "D"]);
        var entity = new List<int>();
        var time = new List<double>();
        var state = new List<int>();
        for (int e = 0; e < 500; e++)
        {
            int a = rng.Next(3);
            int b = rng.Next(10) < 7 ? a : rng.Next(4);
            entity.AddRange([e, e]);
            time.AddRange([2.0, 3.0]);
            state.AddRange([a, b]);
        }

        var h = RatingHistory.Create(s, HistoryTimeUnit.Years, entity.ToArray(), time.ToArray(), state.ToArray(), [], []);
        var aj = new AalenJohansenEstimator().Estimate(h).Matrix;
        var cohort = new CohortEstimator().Estimate(h).Matrix;
        aj.MaxAbsDifference(cohort).Should().BeLessThan(1e-15);
    }

    [Fact]
    public void Duration_LargeSimulatedChain_RecoversGenerator()
    {
        // Consistency: entities simulated from a known generator with exact jump times; the estimate converges to it.
        var s = StateSpace.Create(["A", "B", "D"]);
        double[,] q = { { -0.3, 0.2, 0.1 }, { 0.25, -0.5, 0.25 }, { 0, 0, 0 } };
        var rng = new Random(3);
        var entity = new List<int>();
        var time = new List<double>();
        var state = new List<int>();
        for (int e = 0; e < 20000; e++)
        {
            int st = e % 2;
            double t = 0;
            entity.Add(e);
            time.Add(0);
            state.Add(st);
            while (st != 2)
            {
                double rate = -q[st, st];
                t += -Math.Log(1 - rng.NextDouble()) / rate;
                if (t >= 5)
                {
                    break;
                }

                st = rng.NextDouble() * rate < q[st, st == 0 ? 1 : 0] ? (st == 0 ? 1 : 0) : 2;
                entity.Add(e);
                time.Add(t);
                state.Add(st);
            }

            if (st != 2)
            {
                entity.Add(e);
                time.Add(5);
                state.Add(st);
            }
        }

        var h = RatingHistory.Create(s, HistoryTimeUnit.Years, entity.ToArray(), time.ToArray(), state.ToArray(), [], []);
        var g = new DurationEstimator().Estimate(h).Generator!;
        g[0, 1].Should().BeApproximately(0.2, 0.01);
        g[0, 2].Should().BeApproximately(0.1, 0.01);
        g[1, 0].Should().BeApproximately(0.25, 0.015);
        g[1, 2].Should().BeApproximately(0.25, 0.015);
    }
}

public class AalenJohansenPathTests
{
    [Fact]
    public void EstimateYears_HandWorkedHistory_GivesProductIntegralUpToEachYear()
    {
        // P(0, 1): only the A->B jump at u = 1 (Y_A = 4): P_AB = 1/4. P(0, 2): also A->D at 1.5: P_AD = 1/4 (see the full-window test).
        // The window (0, 3] holds three whole years; P(0, 3) = P(0, 2) (no event after 1.5).
        var path = new AalenJohansenEstimator().EstimateYears(MigrationTestData.FourEntities(), 10);
        path.Should().HaveCount(3);
        path[0][0, 1].Should().BeApproximately(0.25, 1e-15);
        path[0][0, 2].Should().Be(0);
        path[1][0, 2].Should().BeApproximately(0.25, 1e-15);
        path[2].MaxAbsDifference(path[1]).Should().Be(0);
        var curve = PDTermStructure.FromCumulativeMatrices(path);
        curve.Cumulative(0, 2).Should().BeApproximately(0.25, 1e-15);
        curve.Marginal(0, 1).Should().Be(0);
    }
}
