using ValueCore.Capital.MonteCarlo;
using ValueCore.Scenarios;

namespace ValueCore.Tests.Scenarios;

public class MonteCarloCapitalMeasureTests
{
    private const double SumTolerance = 1e-6;

    private static readonly MonteCarloOptions s_options = new() { Scenarios = 4_000, Seed = 7 };

    [Fact]
    public void Run_IdentityScenario_GivesExactlyTheBaselineCapital()
    {
        // Common random numbers: the same seed in every scenario, so an unshocked book simulates identically.
        var book = ScenarioTestBooks.Mixed();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([Scenario.Named("same").Build()]),
            new ScenarioAnalysisOptions { Measures = [new MonteCarloCapitalMeasure(s_options)] });
        var c = analysis.Compare();
        c.Get("same", "mc_ec").Change.Should().Be(0.0);
        c.Get("same", "mc_es_contribution").Change.Should().Be(0.0);
    }

    [Fact]
    public void Run_BaselineCapital_EqualsADirectSimulationOfTheBook()
    {
        var book = ScenarioTestBooks.Mixed();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([Scenario.Named("up").Pd.Multiply(2).Build()]),
            new ScenarioAnalysisOptions { Measures = [new MonteCarloCapitalMeasure(s_options)] });
        var direct = PortfolioMonteCarlo.Run(
            CreditExposures.Create(book.LoanId, book.CustomerId, book.Segment, book.AssetClass, book.Ead, book.Pd, book.Lgd, book.SalesEurMillions),
            s_options);

        var c = analysis.Compare();
        c.Get("up", "mc_ec").Baseline.Should().BeApproximately(direct.Ec, SumTolerance * Math.Max(1, direct.Ec), "allocations sum to the portfolio EC");
        c.Get("up", "mc_es_contribution").Baseline.Should().BeApproximately(direct.Es, SumTolerance * Math.Max(1, direct.Es));
        c.Get("up", "mc_es_contribution").Value.Should().BeGreaterThan(c.Get("up", "mc_es_contribution").Baseline, "doubling every PD raises expected shortfall");
    }
}
