using ValueCore.Performance;

namespace ValueCore.Tests.Performance;

public class ScorecardBuilderTests
{
    private const double Exact = 1e-12;

    private static PerformanceFigures Loan(double ec, double ret, double hurdle, double allocated = double.NaN) =>
        new(100, 10, 1, 2, ec, ret, ret - (hurdle * ec), allocated, double.IsNaN(allocated) ? double.NaN : ret - (hurdle * allocated));

    [Fact]
    public void Build_RanksByEvaWithCreatorsAndDestroyers()
    {
        var card = new ScorecardBuilder("branch")
            .Add(["north"], Loan(10, 1.0, 0.12))     // EVA -0.2
            .Add(["south"], Loan(10, 3.0, 0.12))     // EVA 1.8
            .Add(["north"], Loan(20, 3.0, 0.12))     // EVA 0.6; north: EC 30, return 4, EVA 0.4
            .Add(["east"], Loan(10, 1.2, 0.12))      // EVA 0
            .Add(["west"], Loan(5, 0.1, 0.12))       // EVA -0.5
            .Build();
        card.Rows.Select(r => r.Keys[0]).Should().Equal("south", "north", "east", "west");
        card.Rows.Select(r => r.Rank).Should().Equal(1, 2, 3, 4);
        card.Creators.Select(r => r.Keys[0]).Should().Equal("south", "north");
        card.Destroyers.Select(r => r.Keys[0]).Should().Equal("west");
        card.Rows[2].Status.Should().Be(ValueStatus.Neutral);

        var north = card.Rows[1];
        north.Loans.Should().Be(2);
        north.Figures.Raroc!.Value.Should().BeApproximately(4.0 / 30.0, Exact);
        north.Figures.Hurdle!.Value.Should().BeApproximately(0.12, Exact);
        // The spread over the hurdle is RAROC - hurdle.
        north.Figures.SpreadOverHurdle!.Value.Should().BeApproximately((4.0 / 30.0) - 0.12, Exact);
        card.Total.Loans.Should().Be(5);
        card.Total.Figures.Eva.Should().BeApproximately(-0.2 + 1.8 + 0.6 + 0 - 0.5, Exact);
        card.HasAllocatedCapital.Should().BeFalse();
    }

    [Fact]
    public void Build_AllocatedCapital_GivesAllocatedFigures()
    {
        var card = new ScorecardBuilder("unit").Add(["a"], Loan(10, 2.0, 0.12, allocated: 8)).Add(["a"], Loan(10, 2.0, 0.12, allocated: 4)).Build();
        card.HasAllocatedCapital.Should().BeTrue();
        var f = card.Rows[0].Figures;
        f.AllocatedRaroc!.Value.Should().BeApproximately(4.0 / 12.0, Exact);
        f.AllocatedEva.Should().BeApproximately(4.0 - (0.12 * 12), Exact);
        f.AllocatedSpreadOverHurdle!.Value.Should().BeApproximately((4.0 / 12.0) - 0.12, Exact);
    }

    [Fact]
    public void Build_MixedHurdles_SpreadIsEvaOverEc()
    {
        var card = new ScorecardBuilder().Add([], Loan(10, 2.0, 0.10)).Add([], Loan(30, 5.0, 0.15)).Build();
        var f = card.Rows[0].Figures;
        f.Hurdle!.Value.Should().BeApproximately(((0.10 * 10) + (0.15 * 30)) / 40, Exact);
        f.SpreadOverHurdle!.Value.Should().BeApproximately(f.Raroc!.Value - f.Hurdle!.Value, Exact);
    }

    [Fact]
    public void Add_Invalid_Throws()
    {
        var b = new ScorecardBuilder("a");
        FluentActions.Invoking(() => b.Add([], Loan(1, 1, 0.1))).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => b.Add(["x"], Loan(-1, 1, 0.1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => b.Add(["x"], Loan(1, double.NaN, 0.1))).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void IncentivePool_FlooredAtZero()
    {
        IncentivePool.OnEva(1000, 0.05).Should().Be(50);
        IncentivePool.OnEva(-1000, 0.05).Should().Be(0);
        IncentivePool.OnImprovement(1000, 400, 0.1).Should().BeApproximately(60, Exact);
        IncentivePool.OnImprovement(400, 1000, 0.1).Should().Be(0);
        FluentActions.Invoking(() => IncentivePool.OnEva(1, 1.5)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Relationship_OtherRevenue_AddedAfterTax()
    {
        var f = Relationship.WithOtherRevenue(Loan(10, 1.0, 0.12), 2.0, 0.25);
        f.Revenue.Should().Be(12);
        f.Return.Should().Be(2.5);
        f.Eva.Should().BeApproximately(2.5 - 1.2, Exact);
    }
}
