using ValueCore.Provisions;

namespace ValueCore.Tests.Provisions;

public sealed class StagingTests
{
    [Theory]
    [InlineData(2, true, false, 0, 0.01, double.NaN, 2, StageReason.Override)]
    [InlineData(0, true, false, 0, 1, double.NaN, 3, StageReason.DefaultState)]
    [InlineData(0, false, false, 91, 0.01, double.NaN, 3, StageReason.DaysPastDue90)]
    [InlineData(0, false, false, 90, 0.01, double.NaN, 2, StageReason.DaysPastDue30)]
    [InlineData(0, false, true, 0, 0.01, double.NaN, 2, StageReason.WatchState)]
    [InlineData(0, false, false, 30, 0.01, double.NaN, 1, StageReason.Performing)]
    [InlineData(0, false, false, 0, 0.03, 0.01, 2, StageReason.LifetimePDIncrease)]
    [InlineData(0, false, false, 0, 0.019, 0.01, 1, StageReason.Performing)] // not doubled
    [InlineData(0, false, false, 0, 0.005, 0.001, 1, StageReason.Performing)] // fivefold but only +0.4 pp
    [InlineData(0, false, false, double.NaN, 0.5, double.NaN, 1, StageReason.Performing)]
    public void Assign_Rules_GiveStageAndReason(int overrideStage, bool inDefault, bool watch, double dpd, double pd, double pdOrig, int stage, StageReason reason) =>
        Staging.Assign(overrideStage, inDefault, watch, dpd, pd, pdOrig).Should().Be(new StageAssignment(stage, reason));

    [Fact]
    public void Assign_BadArguments_Throw()
    {
        FluentActions.Invoking(() => Staging.Assign(4, false, false, 0, 0.1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Staging.Assign(0, false, false, -1, 0.1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Staging.Assign(0, false, false, 0, 1.1, double.NaN)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Staging.Assign(0, false, false, 0, 0.1, 0.01, new StagingRules { RelativeThreshold = 0.5 })).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Staging.Assign(0, false, false, 0, 0.1, 0.01, new StagingRules { SicrDaysPastDue = -1 })).Should().Throw<ArgumentOutOfRangeException>();
    }
}
