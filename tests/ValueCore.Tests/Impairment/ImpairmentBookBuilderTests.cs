using ValueCore.Impairment;

namespace ValueCore.Tests.Impairment;

public class ImpairmentBookBuilderTests
{
    private static readonly DateOnly s_day = new(2024, 12, 31);

    [Fact]
    public void Build_ProbabilitiesNotSummingToOne_RejectsLoanWithTheSum()
    {
        var b = new ImpairmentBookBuilder(null, "impaired.csv", "cashflows.csv").AddLoan("A", 100, s_day, 0.05).AddLoan("B", 100, s_day, 0.05);
        b.AddCashFlow("A", "cure", 0.5, s_day.AddDays(30), CashFlowKind.Repayment, 50, line: 2);
        b.AddCashFlow("A", "loss", 0.3, s_day.AddDays(60), CashFlowKind.Repayment, 10, line: 3);
        b.AddCashFlow("B", "cure", 1, s_day.AddDays(30), CashFlowKind.Repayment, 50, line: 4);
        var book = b.Build();
        book.Count.Should().Be(1);
        book.LoanId[0].Should().Be("B");
        book.Rejections.Should().ContainSingle().Which.ToString().Should().Be(
            "cashflows.csv:2: probability = 0.8 is the sum of the scenario probabilities of loan A as of 2024-12-31; it must be 1");
    }

    [Fact]
    public void Build_UnknownLoanNoScenarioNegativeCarryingAndEarlyDate_AreAllReportedInOnePass()
    {
        var b = new ImpairmentBookBuilder(null, "impaired.csv", "cashflows.csv")
            .AddLoan("NEG", -5, s_day, 0.05, line: 2)
            .AddLoan("EMPTY", 100, s_day, 0.05, line: 3)
            .AddLoan("EARLY", 100, s_day, 0.05, line: 4);
        b.AddCashFlow("NEG", "x", 1, s_day, CashFlowKind.Repayment, 1, line: 2);
        b.AddCashFlow("GHOST", "x", 1, s_day, CashFlowKind.Repayment, 1, line: 3);
        b.AddCashFlow("EARLY", "x", 1, s_day.AddDays(-1), CashFlowKind.Repayment, 1, line: 4);
        var book = b.Build();
        book.Count.Should().Be(0);
        var text = book.Rejections.Select(r => r.ToString()).ToList();
        text.Should().Contain("impaired.csv:2: carrying_amount = -5 must be a finite number >= 0");
        text.Should().Contain(t => t.StartsWith("impaired.csv:3: loan_id = EMPTY has no cash-flow scenario", StringComparison.Ordinal));
        text.Should().Contain("cashflows.csv:3: loan_id = GHOST is not in impaired.csv");
        text.Should().Contain(t => t.StartsWith("cashflows.csv:4: date = 2024-12-30 is before the estimate date 2024-12-31", StringComparison.Ordinal));
        book.RejectedLoanCount.Should().Be(4); // NEG, EMPTY, EARLY and GHOST: every loan is in the output or the rejects
    }

    [Fact]
    public void Build_NoScenarioWithZeroPvOption_ValuesAtZero()
    {
        var book = new ImpairmentBookBuilder(new ImpairmentOptions { ZeroPvWithoutScenarios = true }).AddLoan("Z", 250, s_day, 0.05).Build();
        var r = ImpairmentCalculation.Run(book);
        r.PresentValue[0].Should().Be(0.0);
        r.Allowance[0].Should().Be(250.0);
        r.Notes[0].Should().Be(ImpairmentNote.NoScenariosZeroPv);
    }

    [Fact]
    public void Build_InconsistentScenarioProbabilityAndBadCollateral_AreRejected()
    {
        var b = new ImpairmentBookBuilder().AddLoan("A", 100, s_day, 0.05);
        b.AddCashFlow("A", "x", 1, s_day.AddDays(1), CashFlowKind.Repayment, 1);
        b.AddCashFlow("A", "x", 0.9, s_day.AddDays(2), CashFlowKind.Repayment, 1);
        b.AddCashFlow("A", "x", 1, s_day.AddDays(3), CashFlowKind.Collateral, 10, haircut: 1.5);
        b.AddCashFlow("A", "x", 1, s_day.AddDays(3), CashFlowKind.Cost, 10);
        var rules = b.Build().Rejections.Select(r => r.Issue.Column + ": " + r.Issue.Rule).ToList();
        rules.Should().Contain(r => r.StartsWith("probability: differs from 1", StringComparison.Ordinal));
        rules.Should().Contain("haircut: is outside [0, 1]");
        rules.Should().Contain(r => r.StartsWith("amount: must be a finite number <= 0 for a cost", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_RowsInAnyOrder_GroupByLoanEstimateAndScenarioSortedByDate()
    {
        // Interleaved, unsorted rows must give the same book as grouped, sorted ones.
        var rows = new (string Loan, string Scenario, double P, int Days, double Amount)[]
        {
            ("B", "y", 0.5, 300, 30), ("A", "x", 1, 200, 20), ("B", "z", 0.5, 50, 5), ("A", "x", 1, 100, 10),
            ("B", "y", 0.5, 100, 10), ("A", "x", 1, 150, 15), ("B", "z", 0.5, 40, 4),
        };
        ImpairmentBook Make(IEnumerable<(string Loan, string Scenario, double P, int Days, double Amount)> input)
        {
            var b = new ImpairmentBookBuilder().AddLoan("A", 100, s_day, 0.07).AddLoan("B", 100, s_day, 0.03);
            foreach (var r in input)
            {
                b.AddCashFlow(r.Loan, r.Scenario, r.P, s_day.AddDays(r.Days), CashFlowKind.Repayment, r.Amount);
            }

            return b.Build();
        }

        var shuffled = Make(rows);
        var sorted = Make(rows.OrderBy(r => r.Loan).ThenBy(r => r.Scenario).ThenBy(r => r.Days));
        shuffled.FlowDay.Should().Equal(sorted.FlowDay);
        shuffled.FlowAmount.Should().Equal(sorted.FlowAmount);
        shuffled.ScenarioNames.Should().Equal("x", "y", "z");
        shuffled.FlowAmount.Should().Equal(10, 15, 20, 10, 30, 4, 5);
        ImpairmentCalculation.Run(shuffled).PresentValue.ToArray().Should().Equal(ImpairmentCalculation.Run(sorted).PresentValue.ToArray());
    }

    [Fact]
    public void Build_DuplicateLoanId_RejectsBothRows()
    {
        var b = new ImpairmentBookBuilder().AddLoan("D", 100, s_day, 0.05).AddLoan("D", 200, s_day, 0.05);
        b.AddCashFlow("D", "x", 1, s_day, CashFlowKind.Repayment, 1);
        var book = b.Build();
        book.Count.Should().Be(0);
        book.Rejections.Should().HaveCount(2);
    }

    [Fact]
    public void Build_UnsolvableOriginationTerms_NamesTheLoan()
    {
        // Fees equal to the principal leave nothing paid out: the initial carrying amount must be positive.
        var terms = new ValueCore.Schedules.LoanTerms { StartDate = new(2020, 1, 1), MaturityDate = new(2025, 1, 1), Principal = 1000, AnnualRate = 0.05 };
        var book = new ImpairmentBookBuilder().AddLoanFromTerms("T1", 100, s_day, terms, 1000).Build();
        book.Rejections.Should().ContainSingle().Which.Issue.Column.Should().Be("fees");
    }
}
