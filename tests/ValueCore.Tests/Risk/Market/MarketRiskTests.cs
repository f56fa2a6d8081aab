using ValueCore.Risk.Market;

namespace ValueCore.Tests.Risk.Market;

public class MarketRiskTests
{
    private const double Exact = 1e-12;
    private const double SumTolerance = 1e-10;

    // Unit A: [-10, 0, 5, -2]; unit B: [-1, -8, 3, 1]; bank P&L [-11, -8, 8, -1], bank losses 11 (s0), 8 (s1), 1 (s3), -8 (s2).
    private static PnlScenarios TwoUnits() => PnlScenarios.Create(["A", "B"], 4, [-10, 0, 5, -2, -1, -8, 3, 1]);

    [Fact]
    public void Compute_TwoUnitsByHand_MatchesHandValues()
    {
        var r = MarketRisk.Compute(TwoUnits(), new MarketRiskOptions { Confidence = 0.5 });

        // m = 2: bank ES = (11 + 8) / 2, VaR = L(3) = 1; contributions: A (10 + 0) / 2, B (1 + 8) / 2.
        r.TailScenarios.Should().Be(2.0);
        r.BankExpectedShortfall.Should().BeApproximately(9.5, Exact);
        r.BankValueAtRisk.Should().BeApproximately(1.0, Exact);
        r.ExpectedShortfallContribution[0].Should().BeApproximately(5.0, Exact);
        r.ExpectedShortfallContribution[1].Should().BeApproximately(4.5, Exact);

        // Standalone: A losses 10, 2, 0, -5 -> ES 6, VaR 0; B losses 8, 1, -1, -3 -> ES 4.5, VaR -1.
        r.ExpectedShortfall[0].Should().BeApproximately(6.0, Exact);
        r.ValueAtRisk[0].Should().BeApproximately(0.0, Exact);
        r.ExpectedShortfall[1].Should().BeApproximately(4.5, Exact);
        r.ValueAtRisk[1].Should().BeApproximately(-1.0, Exact);
        r.TailScenarioIndices.Should().Equal(0, 1, 3);
    }

    [Fact]
    public void Compute_HorizonTenDays_ScalesEveryFigureBySqrtTen()
    {
        var plain = MarketRisk.Compute(TwoUnits(), new MarketRiskOptions { Confidence = 0.5 });
        var scaled = MarketRisk.Compute(TwoUnits(), new MarketRiskOptions { Confidence = 0.5, HorizonDays = 10 });
        double s = Math.Sqrt(10);
        scaled.ScalingFactor.Should().Be(s);
        scaled.BankExpectedShortfall.Should().BeApproximately(s * plain.BankExpectedShortfall, Exact);
        scaled.BankValueAtRisk.Should().BeApproximately(s * plain.BankValueAtRisk, Exact);
        for (int u = 0; u < 2; u++)
        {
            scaled.ExpectedShortfall[u].Should().BeApproximately(s * plain.ExpectedShortfall[u], Exact);
            scaled.ExpectedShortfallContribution[u].Should().BeApproximately(s * plain.ExpectedShortfallContribution[u], Exact);
        }
    }

    [Fact]
    public void Compute_RandomBook_ContributionsSumToBankEsAndBankEsMatchesDirectEstimate()
    {
        var rng = new Random(7);
        int units = 20, n = 1000;
        var pnl = new double[units * n];
        var bank = new double[n];
        for (int u = 0; u < units; u++)
        {
            for (int s = 0; s < n; s++)
            {
                pnl[(u * n) + s] = rng.NextDouble() * 10 - 5 + (u % 3 == 0 ? 0 : 2 * Math.Sin(s));
                bank[s] += pnl[(u * n) + s];
            }
        }

        var r = MarketRisk.Compute(PnlScenarios.Create(Enumerable.Range(0, units).Select(i => $"u{i}").ToArray(), n, pnl),
            new MarketRiskOptions { Confidence = 0.975 });
        r.ExpectedShortfallContribution.Sum().Should().BeApproximately(r.BankExpectedShortfall, SumTolerance);
        r.BankExpectedShortfall.Should().BeApproximately(HistoricalEstimator.ExpectedShortfall(bank, 0.975), SumTolerance);
        r.BankValueAtRisk.Should().BeApproximately(HistoricalEstimator.ValueAtRisk(bank, 0.975), SumTolerance);

        // Subadditivity of ES: the bank's ES is at most the sum of standalone ES; each contribution at most its standalone ES.
        r.BankExpectedShortfall.Should().BeLessThanOrEqualTo(r.ExpectedShortfall.Sum() + SumTolerance);
        for (int u = 0; u < units; u++)
        {
            r.ExpectedShortfallContribution[u].Should().BeLessThanOrEqualTo(r.ExpectedShortfall[u] + SumTolerance);
        }
    }

    [Fact]
    public void Compute_RepeatedRuns_AreBitIdentical()
    {
        var rng = new Random(11);
        var pnl = Enumerable.Range(0, 8 * 500).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var scenarios = PnlScenarios.Create(Enumerable.Range(0, 8).Select(i => $"u{i}").ToArray(), 500, pnl);
        var a = MarketRisk.Compute(scenarios, null);
        var b = MarketRisk.Compute(scenarios, null);
        a.ExpectedShortfallContribution.Should().Equal(b.ExpectedShortfallContribution);
        a.BankExpectedShortfall.Should().Be(b.BankExpectedShortfall);
    }

    [Fact]
    public void Compute_TiedTailScenarios_BreaksTiesByScenarioOrder()
    {
        // Bank losses: s0 = 5, s1 = 5, s2 = 0; a tail of m = 1 scenario takes s0 (the earlier), so A contributes 5, B 0.
        var scenarios = PnlScenarios.Create(["A", "B"], 3, [-5, 0, 0, 0, -5, 0]);
        var r = MarketRisk.Compute(scenarios, new MarketRiskOptions { Confidence = 2.0 / 3.0 });
        r.TailScenarioIndices[0].Should().Be(0);
        r.ExpectedShortfallContribution[0].Should().BeApproximately(5.0, Exact);
        r.ExpectedShortfallContribution[1].Should().BeApproximately(0.0, Exact);
    }

    [Fact]
    public void Compute_ManyTies_TailIsTheTotalOrderOfLossThenScenario()
    {
        var rng = new Random(19);
        int units = 3, n = 400;
        var pnl = Enumerable.Range(0, units * n).Select(_ => (double)rng.Next(-3, 3)).ToArray();
        var bank = Enumerable.Range(0, n).Select(s => -(pnl[s] + pnl[n + s] + pnl[(2 * n) + s])).ToArray();
        var r = MarketRisk.Compute(PnlScenarios.Create(["a", "b", "c"], n, pnl), new MarketRiskOptions { Confidence = 0.9 });
        var expected = Enumerable.Range(0, n).OrderByDescending(s => bank[s]).ThenBy(s => s).Take(41).ToArray();
        r.TailScenarioIndices.Should().Equal(expected);
        r.ExpectedShortfallContribution.Sum().Should().BeApproximately(r.BankExpectedShortfall, SumTolerance);
        r.BankExpectedShortfall.Should().BeApproximately(HistoricalEstimator.ExpectedShortfall(bank.Select(x => -x).ToArray(), 0.9), SumTolerance);
    }

    [Fact]
    public void Compute_Sensitivity_ReportsWholeTailsAroundTheEstimator()
    {
        var r = MarketRisk.Compute(TwoUnits(), new MarketRiskOptions { Confidence = 0.5, SensitivityWidth = 1 });

        // Bank losses 11, 8, 1, -8: k = 1 -> ES 11, VaR 8; k = 2 -> 9.5, 1; k = 3 -> 20/3, -8.
        r.Sensitivity.Select(p => p.TailScenarios).Should().Equal(1, 2, 3);
        r.Sensitivity[0].ExpectedShortfall.Should().BeApproximately(11.0, Exact);
        r.Sensitivity[0].ValueAtRisk.Should().BeApproximately(8.0, Exact);
        r.Sensitivity[2].ExpectedShortfall.Should().BeApproximately(20.0 / 3.0, Exact);
        r.Sensitivity[2].Confidence.Should().BeApproximately(0.25, Exact);
    }

    [Fact]
    public void Create_BadShapes_Throw()
    {
        FluentActions.Invoking(() => PnlScenarios.Create(["A"], 2, [1.0])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PnlScenarios.Create(["A", "A"], 1, [1.0, 2.0])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => PnlScenarios.Create(["A"], 1, [double.PositiveInfinity])).Should().Throw<ArgumentOutOfRangeException>();
    }
}
