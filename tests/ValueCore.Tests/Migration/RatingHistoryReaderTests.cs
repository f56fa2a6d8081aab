using System.Text;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Migration;

public class RatingHistoryReaderTests
{
    private static RatingHistory Parse(string csv, RatingHistoryReadOptions? options = null) =>
        RatingHistoryReader.Parse(Encoding.UTF8.GetBytes(csv), "h.csv", options);

    [Fact]
    public void Parse_ChineseFiveTierLabels_MapToFiveTierStates()
    {
        var h = Parse("entity_id,date,state\nL1,2020-12-31,正常\nL1,2021-12-31,關注\nL2,2020-12-31,次级\nL2,2021-12-31,損失\n");
        h.States.IsFiveTier.Should().BeTrue();
        var est = new CohortEstimator().Estimate(h);
        est.Counts[0, 1].Should().Be(1);
        est.Counts[2, 4].Should().Be(1);
    }

    [Fact]
    public void Parse_RowsInAnyOrderWithCrlfAndBom_SortsByEntityAndDate()
    {
        var h = Parse("\uFEFFentity_id,date,state\r\nB,2021-12-31,doubtful\r\nA,2021-12-31,pass\r\nB,2020-12-31,pass\r\nA,2020-12-31,pass\r\n");
        h.ObservationCount.Should().Be(4);
        h.EntityCount.Should().Be(2);
        h.TransitionCount.Should().Be(1);
        new CohortEstimator().Estimate(h).Counts[0, 3].Should().Be(1);
    }

    [Fact]
    public void Parse_BadRows_ReportsEveryProblemWithLine()
    {
        const string csv = "entity_id,date,state\n" +
            "A,2020-12-31,pass\n" +        // 2
            "A,2020-12-31,doubtful\n" +    // 3: two states at one date
            "B,2020-13-01,pass\n" +        // 4: bad date
            "C,2020-12-31,great\n" +       // 5: unknown state (with --states)
            "D,2020-12-31,loss\n" +        // 6
            "D,2021-12-31,pass\n";         // 7: out of the absorbing state
        var act = () => Parse(csv, new RatingHistoryReadOptions { States = StateSpace.FiveTier.Labels });
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Line).Should().Equal(4, 5);
        e.Issues[0].Column.Should().Be("date");
        e.Issues[1].Value.Should().Be("great");

        var structural = () => Parse("entity_id,date,state\nA,2020-12-31,pass\nA,2020-12-31,doubtful\nD,2020-12-31,loss\nD,2021-12-31,pass\n");
        var e2 = structural.Should().Throw<DataValidationException>().Which;
        e2.TotalIssues.Should().Be(2);
        e2.Issues[0].Line.Should().Be(3);
        e2.Issues[0].Rule.Should().Contain("one state per date");
        e2.Issues[1].Line.Should().Be(5);
        e2.Issues[1].Rule.Should().Contain("out of the absorbing state");
    }

    [Fact]
    public void Parse_CensorLabel_EndsWindowWithoutTransition()
    {
        var h = Parse("entity_id,time,state\nA,0,R1\nA,1,NR\nB,0,R1\nB,1,D\n",
            new RatingHistoryReadOptions { States = ["R1", "D"], Censor = ["NR"] });
        h.CensoringCount.Should().Be(1);
        h.TransitionCount.Should().Be(1);
        var cohort = new CohortEstimator().Estimate(h);
        cohort.RowTotals[0].Should().Be(1, "the withdrawn entity is not in the risk set at its withdrawal");
        cohort.Matrix[0, 1].Should().Be(1);
    }

    [Fact]
    public void Parse_LabelsNotFiveTierWithoutStates_AsksForOrder()
    {
        var act = () => Parse("entity_id,date,state\nA,2020-12-31,AAA\n");
        var issue = act.Should().Throw<DataValidationException>().Which.Issues[0];
        issue.Rule.Should().Contain("give the state order").And.NotContain("--");
        issue.Setting.Should().Be(nameof(RatingHistoryReadOptions.States));
    }

    [Fact]
    public void Parse_BadHeader_ReportsLineOne()
    {
        var act = () => Parse("id,date,state\nA,2020-12-31,pass\n");
        act.Should().Throw<DataValidationException>().Which.Issues[0].Line.Should().Be(1);
    }

    [Fact]
    public void Parse_BalanceNotANumber_IsReported()
    {
        var act = () => Parse("entity_id,date,state,balance\nA,2020-12-31,pass,1,5\nB,2020-12-31,pass,-3\n");
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Issues.Select(i => i.Line).Should().Equal(2, 3);
    }
}
