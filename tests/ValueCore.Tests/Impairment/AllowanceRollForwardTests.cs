using ValueCore.Impairment;
using ValueCore.Schedules;

namespace ValueCore.Tests.Impairment;

public class AllowanceRollForwardTests
{
    private const double Tight = 1e-6;
    private static readonly DateOnly s_reporting = new(2017, 12, 31);
    private static readonly DateOnly[] s_years = [new(2018, 12, 31), new(2019, 12, 31), new(2020, 12, 31), new(2021, 12, 31), new(2022, 12, 31)];

    private static ImpairmentResult LyonWithRollForward(params (DateOnly AsOf, double Final)[] remeasure)
    {
        var b = new ImpairmentBookBuilder(new ImpairmentOptions { DayCount = DayCount.Thirty360, RollForwardDates = s_years })
            .AddLoan("LYON", 10_800_000, s_reporting, 0.08);
        for (int y = 0; y < 5; y++)
        {
            b.AddCashFlow("LYON", "impaired", 1, s_years[y], CashFlowKind.Repayment, y == 4 ? 8_500_000 : 500_000);
        }

        foreach (var (asOf, final) in remeasure)
        {
            b.AddCashFlow("LYON", "revised", 1, s_years[4], CashFlowKind.Repayment, final, asOf: asOf);
        }

        return ImpairmentCalculation.Run(b.Build());
    }

    [Fact]
    public void Run_FullLife_NetCarryingPlusUnwindEqualsRecoveredCash()
    {
        var initial = LyonWithRollForward();
        var rf = AllowanceRollForward.Run(initial);
        double interest = rf.InterestIncome.ToArray().Sum(), cash = rf.CashReceived.ToArray().Sum();
        (initial.PresentValue[0] + interest).Should().BeApproximately(cash, Tight);
        cash.Should().BeApproximately(10_500_000, Tight);
        rf.NetCarrying[^1].Should().BeApproximately(0.0, Tight);
        rf.Closing[^1].Should().Be(0.0);
        rf.WriteOff[^1].Should().BeApproximately(10_800_000 - 10_500_000, Tight);
        foreach (var m in rf.Remeasurement)
        {
            m.Should().BeApproximately(0.0, Tight);
        }

        // First year closed form: unwind = 8% of the opening net carrying amount (the $500,000 arrives at the period end).
        rf.Unwind[0].Should().BeApproximately(-0.08 * initial.PresentValue[0], Tight);
        for (int k = 0; k < rf.PeriodCount; k++)
        {
            (rf.Opening[k] + rf.Unwind[k] + rf.Remeasurement[k] - rf.WriteOff[k]).Should().BeApproximately(rf.Closing[k], Tight);
        }
    }

    [Fact]
    public void Run_NewEstimateAtLaterDate_RemeasuresByPvChange()
    {
        // At 2019-12-31 the bank expects only $6 million (plus nothing else) at the end of 2022 instead of $8.5 million.
        var initial = LyonWithRollForward((s_years[1], 6_000_000));
        var rf = AllowanceRollForward.Run(initial);
        double oldPv = (500_000 * (1 + 1 / 1.08 + 1 / (1.08 * 1.08)) / 1.08) + (8_000_000 / Math.Pow(1.08, 3));
        double newPv = 6_000_000 / Math.Pow(1.08, 3);
        rf.Remeasurement[0].Should().BeApproximately(0.0, Tight);
        rf.Remeasurement[1].Should().BeApproximately(oldPv - newPv, 1e-5);
        rf.NetCarrying[1].Should().BeApproximately(newPv, 1e-5);
        rf.Closing[^1].Should().Be(0.0);
    }

    [Fact]
    public void Run_ThreadCount_DoesNotChangeResults()
    {
        var book = ImpairmentCalculationTests.RandomBook(2000, 7, new ImpairmentOptions { RollForwardDates = [new(2025, 12, 31), new(2027, 6, 30), new(2035, 12, 31)] });
        var r = ImpairmentCalculation.Run(book);
        var a = AllowanceRollForward.Run(r, 1);
        var b = AllowanceRollForward.Run(r, 3);
        b.Closing.ToArray().Should().Equal(a.Closing.ToArray());
        b.Unwind.ToArray().Should().Equal(a.Unwind.ToArray());
        for (int x = 0; x < a.Closing.Length; x++)
        {
            a.Closing[x].Should().BeGreaterThanOrEqualTo(0.0);
        }
    }
}
