using ValueCore.Migration;

namespace ValueCore.Tests.Migration;

public class RegulatoryMigrationRatesTests
{
    [Fact]
    public void Compute_IssueExample_GivesPassRate8Point51Percent()
    {
        // The issue's example: opening pass balance 10,000; 800 moved to lower classes by the period end; 600 repaid:
        // pass migration rate = 800 / (10,000 - 600) = 8.51%. Loans: L1 pass 4,000 repaid 600 -> pass 3,400;
        // L2 pass 800 -> special mention 800; L3 pass 5,200 -> pass 5,200.
        var h = RatingHistory.Create(StateSpace.FiveTier, HistoryTimeUnit.Years,
            entity: [0, 0, 1, 1, 2, 2],
            time: [0, 1, 0, 1, 0, 1],
            state: [0, 0, 0, 1, 0, 0],
            balance: [4000, 3400, 800, 800, 5200, 5200],
            reduction: [0, 600, 0, 0, 0, 0]);
        var periods = RegulatoryMigrationRates.Compute(h, null, out var pooled);
        var pass = periods[0].Rates[(int)RegulatoryRateKind.Pass];
        pass.Rate.Should().Be(800.0 / 9400.0);
        pass.Rate.Should().BeApproximately(0.0851, 0.00005);
        pass.Opening.Should().Be(10000);
        pass.Reduction.Should().Be(600);
        pooled.Rates[0].Rate.Should().Be(pass.Rate);
        periods[0].Rates[(int)RegulatoryRateKind.SpecialMention].Rate.Should().Be(double.NaN);
    }

    [Fact]
    public void Compute_NonPerformingMoves_FeedTheRightRates()
    {
        // SM 1,000 -> substandard 900 (reduction 100): SM rate 900/900 = 1; performing (pass 2,000 stays) 900/(3,000-100).
        // Substandard 500 -> doubtful 500: rate 1. Doubtful 400 -> doubtful: 0.
        var h = RatingHistory.Create(StateSpace.FiveTier, HistoryTimeUnit.Years,
            entity: [0, 0, 1, 1, 2, 2, 3, 3],
            time: [0, 1, 0, 1, 0, 1, 0, 1],
            state: [1, 2, 0, 0, 2, 3, 3, 3],
            balance: [1000, 900, 2000, 2000, 500, 500, 400, 400],
            reduction: [0, 100, 0, 0, 0, 0, 0, 0]);
        var r = RegulatoryMigrationRates.Compute(h, null, out _)[0].Rates;
        r[(int)RegulatoryRateKind.SpecialMention].Rate.Should().Be(1.0);
        r[(int)RegulatoryRateKind.Performing].Rate.Should().Be(900.0 / 2900.0);
        r[(int)RegulatoryRateKind.Substandard].Rate.Should().Be(1.0);
        r[(int)RegulatoryRateKind.Doubtful].Rate.Should().Be(0.0);
    }
}
