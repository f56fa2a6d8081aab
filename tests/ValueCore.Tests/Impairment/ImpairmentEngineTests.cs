using System.Globalization;
using ValueCore.Impairment;
using ValueCore.Schedules;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Impairment;

/// <summary>
/// Issue 16's rule for impairment: a book built in memory and measured by the library (<see cref="ImpairmentCalculation.Measure"/>,
/// <see cref="EirBook.Solve"/>) gives exactly the figures that <c>valuecore impair</c> and <c>impair eir</c> write for the
/// same inputs read from files (every cell parsed and compared bit for bit).
/// </summary>
public sealed class ImpairmentEngineTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string[][] Csv(string path) => [.. File.ReadAllLines(path).Skip(1).Select(l => l.Split(','))];

    private static string[] Header(string path) => File.ReadLines(path).First().Split(',');

    private static double Number(string cell) => double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static DateOnly D(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>loan_id, carrying amount, reporting date, EIR.</summary>
    private static readonly (string Id, double Carrying, string Date, double Eir)[] s_loans =
    [
        ("A", 1_000_000, "2024-12-31", 0.08),
        ("B", 500_000, "2024-12-31", 0.05),
        ("C", 200_000, "2024-12-31", 0.06),
    ];

    /// <summary>loan_id, scenario, probability, date, amount, kind, haircut, cost to sell, as-of (remeasurement).</summary>
    private static readonly (string Id, string Scenario, double P, string Date, double Amount, CashFlowKind Kind, double Haircut, double Cost, string? AsOf)[] s_flows =
    [
        ("A", "cure", 0.6, "2025-12-31", 300_000, CashFlowKind.Repayment, 0, 0, null),
        ("A", "cure", 0.6, "2026-12-31", 500_000, CashFlowKind.Repayment, 0, 0, null),
        ("A", "liquidation", 0.4, "2026-06-30", 900_000, CashFlowKind.Collateral, 0.2, 50_000, null),
        ("A", "liquidation", 0.4, "2026-06-30", -20_000, CashFlowKind.Cost, 0, 0, null),
        ("B", "restructure", 1, "2027-12-31", 450_000, CashFlowKind.Repayment, 0, 0, null),
        ("B", "restructure", 1, "2026-12-31", 400_000, CashFlowKind.Repayment, 0, 0, "2025-12-31"),
        ("C", "cure", 1, "2025-12-31", 250_000, CashFlowKind.Repayment, 0, 0, null),
    ];

    private static string KindText(CashFlowKind k) => k switch
    {
        CashFlowKind.Collateral => "collateral",
        CashFlowKind.Cost => "cost",
        _ => "repayment",
    };

    private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    [Fact]
    public void Measure_BookInMemory_EqualsEveryFigureTheCliWrites()
    {
        string loans = _temp.File("loans.csv", "loan_id,carrying_amount,reporting_date,eir\n"
            + string.Concat(s_loans.Select(l => $"{l.Id},{N(l.Carrying)},{l.Date},{N(l.Eir)}\n")));
        string flows = _temp.File("flows.csv", "loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell,as_of\n"
            + string.Concat(s_flows.Select(f => $"{f.Id},{f.Scenario},{N(f.P)},{f.Date},{N(f.Amount)},{KindText(f.Kind)},"
                + $"{(f.Kind == CashFlowKind.Collateral ? N(f.Haircut) : "")},{(f.Kind == CashFlowKind.Collateral ? N(f.Cost) : "")},{f.AsOf}\n")));
        string output = _temp.Combine("impair");
        var (code, _, error) = CliRunner.Run("impair", "--loans", loans, "--cashflows", flows, "--roll-forward", "2025-12-31,2026-12-31", "--out", output);
        code.Should().Be(0, error);

        var builder = new ImpairmentBookBuilder(new ImpairmentOptions { RollForwardDates = [D("2025-12-31"), D("2026-12-31")] });
        foreach (var l in s_loans)
        {
            builder.AddLoan(l.Id, l.Carrying, D(l.Date), l.Eir);
        }

        foreach (var f in s_flows)
        {
            builder.AddCashFlow(f.Id, f.Scenario, f.P, D(f.Date), f.Kind, f.Amount, f.Haircut, f.Cost, f.AsOf is null ? null : D(f.AsOf));
        }

        var measured = ImpairmentCalculation.Measure(builder.Build());
        var result = measured.Result;

        string impairment = Path.Combine(output, "impairment.csv");
        var header = Header(impairment);
        var rows = Csv(impairment);
        rows.Should().HaveCount(result.Count);
        for (int i = 0; i < result.Count; i++)
        {
            rows[i][0].Should().Be(result.Book.LoanId[i]);
            Number(rows[i][5]).Should().Be(result.PresentValue[i], $"pv_expected of {rows[i][0]}");
            Number(rows[i][6]).Should().Be(result.Allowance[i], $"allowance of {rows[i][0]}");
            Number(rows[i][7]).Should().Be(result.Coverage[i], $"coverage of {rows[i][0]}");
            Number(rows[i][9]).Should().Be(result.Book.ScenarioCount(i));
            var scenarioPv = result.ScenarioPresentValues(i);
            for (int s = 0; s < scenarioPv.Length; s++)
            {
                Number(rows[i][Array.IndexOf(header, "pv_" + result.ScenarioName(i, s))]).Should().Be(scenarioPv[s]);
            }
        }

        var summary = Csv(Path.Combine(output, "summary.csv")).ToDictionary(r => r[0], r => r[1]);
        Number(summary["loans_valued"]).Should().Be(result.Count);
        Number(summary["loans_pv_above_carrying"]).Should().Be(measured.LoansPvAboveCarrying).And.Be(1, "loan C expects 250,000 a year out on 200,000");
        Number(summary["loans_zero_pv_without_scenarios"]).Should().Be(measured.LoansZeroPvWithoutScenarios);
        Number(summary["total_carrying_amount"]).Should().Be(result.TotalCarryingAmount).And.Be(1_700_000);
        Number(summary["total_pv_expected"]).Should().Be(result.TotalPresentValue);
        Number(summary["total_allowance"]).Should().Be(result.TotalAllowance);
        Number(summary["coverage"]).Should().Be(measured.Coverage!.Value);

        var rf = measured.RollForward!;
        var roll = Csv(Path.Combine(output, "roll_forward.csv"));
        roll.Should().HaveCount(rf.Count * rf.PeriodCount);
        for (int x = 0; x < roll.Length; x++)
        {
            roll[x][0].Should().Be(result.Book.LoanId[x / rf.PeriodCount]);
            roll[x][2].Should().Be(Text(rf.Dates[x % rf.PeriodCount]));
            double[] expected = [rf.Opening[x], rf.Unwind[x], rf.Remeasurement[x], rf.WriteOff[x], rf.Closing[x], rf.CashReceived[x], rf.InterestIncome[x],
                rf.GrossCarrying[x], rf.NetCarrying[x]];
            roll[x][3..].Select(Number).Should().Equal(expected, $"roll-forward row {x}");
        }
    }

    [Fact]
    public void Measure_NoRollForwardDatesAndZeroCarrying_NoRollForwardAndCoverageNotDefined()
    {
        var builder = new ImpairmentBookBuilder();
        builder.AddLoan("Z", 0.0, D("2024-12-31"), 0.05);
        builder.AddCashFlow("Z", "cure", 1, D("2025-12-31"), CashFlowKind.Repayment, 0.0);

        var measured = ImpairmentCalculation.Measure(builder.Build());

        measured.RollForward.Should().BeNull();
        measured.Coverage.Should().BeNull("coverage = allowance / carrying is not defined for a carrying amount of 0");
    }

    /// <summary>loan_id, date, amount, in file order.</summary>
    private static readonly (string Id, string Date, double Amount)[] s_contractual =
    [
        ("BOND", "2019-12-31", -950), ("BOND", "2020-12-31", 40), ("BOND", "2021-12-31", 40), ("BOND", "2022-12-31", 40), ("BOND", "2023-12-31", 1040),
        ("LOAN", "2020-01-15", -1000), ("LOAN", "2020-07-15", 300), ("LOAN", "2021-01-15", 300), ("LOAN", "2021-07-31", 450),
        ("BAD", "2020-01-01", 100), ("BAD", "2021-01-01", 100),
    ];

    [Fact]
    public void Solve_FlowsInMemory_EqualsEveryFigureTheCliWrites()
    {
        string path = _temp.File("contract.csv", "loan_id,date,amount\n" + string.Concat(s_contractual.Select(c => $"{c.Id},{c.Date},{N(c.Amount)}\n")));
        string output = _temp.Combine("eir");
        var (code, _, error) = CliRunner.Run("impair", "eir", "--cashflows", path, "--day-count", "30/360", "--skip-invalid", "--out", output);
        code.Should().Be(0, error);

        // The same loans built in code; first lines as in the file (header = line 1).
        var loans = s_contractual.Select((c, k) => (c, Line: k + 2)).GroupBy(x => x.c.Id)
            .Select(g => new ContractualCashFlows(g.Key, [.. g.Select(x => D(x.c.Date))], [.. g.Select(x => x.c.Amount)], g.First().Line)).ToList();
        var book = EirBook.Solve(loans, DayCount.Thirty360, "contract.csv");

        (book.LoansRead, book.Count, book.Rejections.Count).Should().Be((3, 2, 1));
        var eir = Csv(Path.Combine(output, "eir.csv"));
        eir.Should().HaveCount(book.Count);
        for (int i = 0; i < book.Count; i++)
        {
            var loan = book.Loans[i];
            eir[i][0].Should().Be(loan.LoanId);
            Number(eir[i][1]).Should().Be(book.Eir[i], $"EIR of {loan.LoanId}");
            Number(eir[i][2]).Should().Be(-loan.Amounts[0]);
            Number(eir[i][6]).Should().Be(book.Iterations[i]);
            Number(eir[i][7]).Should().Be(book.NpvAtEir[i]);
            Number(eir[i][8]).Should().Be(book.Schedules[i].Closing[^1]);
            Math.Abs(book.NpvAtEir[i]).Should().BeLessThan(1e-6, "the EIR zeroes the NPV of the flows");
        }

        book.TotalInitialCarryingAmount.Should().Be(1950);
        var schedule = Csv(Path.Combine(output, "schedule.csv"));
        int row = 0;
        for (int i = 0; i < book.Count; i++)
        {
            var s = book.Schedules[i];
            for (int k = 0; k < s.Count; k++, row++)
            {
                schedule[row][0].Should().Be(book.Loans[i].LoanId);
                schedule[row][2].Should().Be(Text(s.Dates[k]));
                schedule[row][3..].Select(Number).Should().Equal(s.Opening[k], s.Interest[k], s.Cash[k], s.Closing[k]);
            }
        }

        schedule.Should().HaveCount(row);
        var reject = book.Rejections.Should().ContainSingle().Which;
        reject.Issue.Should().Be(new DataIssue(11, "loan_id", "BAD", "the first (earliest) cash flow must be negative: the initial carrying amount paid out"));
        File.ReadAllLines(Path.Combine(output, "rejected.csv"))[1].Should().Be("BAD,contract.csv,11,loan_id,BAD," + reject.Issue.Rule);
    }
}
