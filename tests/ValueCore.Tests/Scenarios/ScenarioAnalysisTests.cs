using ValueCore.Portfolio;
using ValueCore.Scenarios;

namespace ValueCore.Tests.Scenarios;

public class ScenarioAnalysisTests
{
    private const double SumTolerance = 1e-9;

    [Fact]
    public void Compare_EachFigure_IsTheStressedValuationAgainstTheBaseline()
    {
        var book = ScenarioTestBooks.Mixed();
        var adverse = Scenario.Named("adverse").Where("segment", "cre").Pd.Multiply(1.5).Lgd.Add(0.1).Build();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([adverse]));
        var comparison = analysis.Compare();

        // Independent: value the stressed book directly and sum the cre loans.
        var direct = PortfolioValuation.Run(adverse.Apply(book).Book);
        var baseline = PortfolioValuation.Run(book);
        var cre = Enumerable.Range(0, book.Count).Where(i => book.Segment[i] == "cre").ToList();
        var ec = comparison.Get("adverse", "ec", "cre");
        ec.Value.Should().BeApproximately(cre.Sum(i => direct.Ec[i]), SumTolerance);
        ec.Baseline.Should().BeApproximately(cre.Sum(i => baseline.Ec[i]), SumTolerance);
        ec.Change.Should().Be(ec.Value - ec.Baseline);
        var raroc = comparison.Get("adverse", "raroc");
        raroc.Value.Should().BeApproximately(direct.GroupBy().Total.Raroc!.Value, 1e-12);
        comparison.Get("adverse", "loans", "corp").Change.Should().Be(0);
        comparison.Rows.Where(r => r.IsPortfolio).Select(r => r.Figure).Should().Equal(analysis.Figures);
    }

    [Fact]
    public void Run_IdentityScenario_EveryChangeIsZero()
    {
        var book = ScenarioTestBooks.Mixed();
        var identity = Scenario.Named("identity").Pd.Multiply(1).Lgd.Add(0).Build();
        var comparison = ScenarioAnalysis.Run(book, new ScenarioSet([identity])).Compare();
        comparison.Rows.Where(r => !double.IsNaN(r.Baseline)).Should().OnlyContain(r => r.Change == 0 && r.Value == r.Baseline);
    }

    [Fact]
    public void Weighted_IsTheProbabilityWeightedSumOverBaselineAndScenarios()
    {
        var book = ScenarioTestBooks.Mixed();
        var a = Scenario.Named("a").WithWeight(0.3).Pd.Multiply(1.5).Build();
        var b = Scenario.Named("b").WithWeight(0.2).Pd.ConditionOnZ(-1.5).Build();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([a, b]));
        analysis.Baseline.Weight.Should().BeApproximately(0.5, 1e-15);
        var weighted = analysis.Weighted();
        double Total(ScenarioOutcome o, Func<GroupRow, double> f) => f(o.Groups[0].Total);
        double expectedEc = (0.5 * Total(analysis.Baseline, r => r.Ec)) + (0.3 * Total(analysis.Scenarios[0], r => r.Ec)) + (0.2 * Total(analysis.Scenarios[1], r => r.Ec));
        double expectedReturn = (0.5 * Total(analysis.Baseline, r => r.Return)) + (0.3 * Total(analysis.Scenarios[0], r => r.Return)) + (0.2 * Total(analysis.Scenarios[1], r => r.Return));
        weighted.Get("weighted", "ec").Value.Should().BeApproximately(expectedEc, SumTolerance);
        weighted.Get("weighted", "raroc").Value.Should().BeApproximately(expectedReturn / expectedEc, 1e-12);
        weighted.Get("weighted", "ec").Baseline.Should().Be(Total(analysis.Baseline, r => r.Ec));
        weighted.Get("weighted", "loans", "cre").Value.Should().Be(3);
    }

    [Fact]
    public void Weighted_WithoutWeights_Throws() =>
        FluentActions.Invoking(() => ScenarioAnalysis.Run(ScenarioTestBooks.Mixed(), new ScenarioSet([Scenario.Named("a").Build()])).Weighted())
            .Should().Throw<InvalidOperationException>();

    [Fact]
    public void ScenarioSet_InvalidWeights_Throw()
    {
        var w6 = Scenario.Named("a").WithWeight(0.6).Build();
        var w5 = Scenario.Named("b").WithWeight(0.5).Build();
        FluentActions.Invoking(() => new ScenarioSet([w6, w5])).Should().Throw<ArgumentException>().WithMessage("*more than 1*");
        FluentActions.Invoking(() => new ScenarioSet([w6, Scenario.Named("c").Build()])).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => new ScenarioSet([w6], 0.3)).Should().Throw<ArgumentException>().WithMessage("*sum to 1*");
        new ScenarioSet([w6], 0.4).BaselineWeight.Should().Be(0.4);
        FluentActions.Invoking(() => new ScenarioSet([w6, Scenario.Named("a").WithWeight(0.1).Build()])).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Run_ExtraMeasure_IsSummedByGroupAndCompared()
    {
        var book = ScenarioTestBooks.Mixed();
        var scenario = Scenario.Named("up").Pd.Multiply(2).Build();
        var analysis = ScenarioAnalysis.Run(book, new ScenarioSet([scenario]), new ScenarioAnalysisOptions { Measures = [new TwiceEl()] });
        analysis.Figures.Should().EndWith("el_x2");
        var c = analysis.Compare();
        c.Get("up", "el_x2", "cre").Value.Should().BeApproximately(2 * c.Get("up", "el", "cre").Value, SumTolerance);
        c.Get("up", "el_x2").Baseline.Should().BeApproximately(2 * c.Get("up", "el").Baseline, SumTolerance);
    }

    [Fact]
    public void Run_KeepValuationsFalse_CallsBackInOrderAndDropsLoans()
    {
        var names = new List<string>();
        var analysis = ScenarioAnalysis.Run(ScenarioTestBooks.Mixed(), new ScenarioSet([Scenario.Named("a").Build(), Scenario.Named("b").Build()]),
            new ScenarioAnalysisOptions { KeepValuations = false, OnValued = (o, v) => names.Add(o.Name + ":" + v.Count) });
        names.Should().Equal("baseline:8", "a:8", "b:8");
        analysis.Baseline.Valuation.Should().BeNull();
    }

    private sealed class TwiceEl : IScenarioMeasure
    {
        public string Name => "twice";

        public IReadOnlyList<string> Figures { get; } = ["el_x2"];

        public IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation) => [valuation.El.ToArray().Select(x => 2 * x).ToArray()];
    }
}
