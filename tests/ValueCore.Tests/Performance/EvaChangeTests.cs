using ValueCore.Performance;

namespace ValueCore.Tests.Performance;

public class EvaChangeTests
{
    private const double Exact = 1e-9;

    // The effects telescope exactly in exact arithmetic; in doubles they sum to the total change within a few ulps of
    // the largest component involved.
    private const double RelativeRounding = 1e-13;

    [Fact]
    public void Explain_HandExample_SequentialEffects()
    {
        // Previous: V 100, margin 10, EL 2, cost 3, capital 1 -> EVA 4 (unit EVA 0.04).
        // Current:  V 120, margin 13, EL 3, cost 3.3, capital 1.5 -> EVA 5.2.
        // volume = 20 x 0.04 = 0.8; margin = 13 - 1.2 x 10 = 1; EL = 1.2 x 2 - 3 = -0.6; cost = 1.2 x 3 - 3.3 = 0.3;
        // capital = 1.2 x 1 - 1.5 = -0.3; sum = 1.2 = 5.2 - 4.
        var change = EvaChange.Explain(new EvaComponents(100, 10, 2, 3, 1), new EvaComponents(120, 13, 3, 3.3, 1.5));
        change.Previous.Should().BeApproximately(4.0, Exact);
        change.Current.Should().BeApproximately(5.2, Exact);
        change.Volume.Should().BeApproximately(0.8, Exact);
        change.Margin.Should().BeApproximately(1.0, Exact);
        change.ExpectedLoss.Should().BeApproximately(-0.6, Exact);
        change.OperatingCost.Should().BeApproximately(0.3, Exact);
        change.Capital.Should().BeApproximately(-0.3, Exact);
        change.SumOfEffects.Should().BeApproximately(change.Total, Exact);
    }

    [Fact]
    public void Explain_RandomComponents_EffectsSumToTheTotalChange()
    {
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            EvaComponents Draw() => new(random.NextDouble() * 1e9, random.NextDouble() * 5e7, random.NextDouble() * 1e7, random.NextDouble() * 2e7, (random.NextDouble() - 0.3) * 1e7);
            var c0 = Draw();
            var c1 = Draw();
            var change = EvaChange.Explain(c0, c1);
            double scale = Math.Abs(c0.Margin) + Math.Abs(c1.Margin) + Math.Abs(c0.CapitalCharge) + Math.Abs(c1.CapitalCharge) + Math.Abs(c0.OperatingCost) + Math.Abs(c1.OperatingCost);
            change.SumOfEffects.Should().BeApproximately(change.Total, RelativeRounding * scale);
            change.Total.Should().Be(c1.Eva - c0.Eva);
        }
    }

    [Fact]
    public void Explain_NewGroup_IsAllVolume()
    {
        var change = EvaChange.Explain(default, new EvaComponents(50, 5, 1, 1, 1));
        change.Volume.Should().Be(2.0);
        change.Margin.Should().Be(0.0);
        change.SumOfEffects.Should().Be(change.Total);
    }

    [Fact]
    public void From_Figures_ReproducesEva()
    {
        var f = new PerformanceFigures(1000, 40, 6, 12, 80, 20.55, 10.95, double.NaN, double.NaN);
        var c = EvaComponents.From(f, 0.25);
        c.Margin.Should().Be(30);
        c.ExpectedLoss.Should().Be(4.5);
        c.OperatingCost.Should().Be(9);
        c.Eva.Should().BeApproximately(10.95, Exact);
    }
}
