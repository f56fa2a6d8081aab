using System.Globalization;
using ValueCore.Impairment;
using ValueCore.IO;
using ValueCore.IO.Impairment;
using ValueCore.Schedules;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore impair eir</c>: effective interest rates and amortised-cost schedules from dated contractual cash flows.</summary>
internal static class ImpairEirCommand
{
    public static CommandSpec Spec { get; } = new("impair eir",
        "Solve each loan's effective interest rate from dated contractual cash flows; write eir.csv and schedule.csv.",
        [
            new("cashflows", "FILE", "contractual cash flows: loan_id,date,amount (the first, negative, is the initial carrying amount)", Required: true),
            new("day-count", "NAME", "act365f (default), 30/360 or act360"),
            new("out", "DIR", "output folder", Required: true),
            new("reject-invalid", null, "write loans whose EIR cannot be solved to rejects.csv instead of failing (exit 3)"),
        ],
        Run,
        "The EIR is the annual effective rate r with sum amount x (1 + r)^-t = 0, t in years from the first date under the day count,\n"
        + "solved to 1e-12 by a bracketed, safeguarded Newton root finder (IFRS 9 B5.4.1-B5.4.3). See docs/impairment.md.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string path = args.RequireFile("cashflows");
        var dayCount = ImpairCommand.DayCountOption(args);
        bool reject = args.Has("reject-invalid");
        var loans = ImpairmentCsv.ReadContractual(path);
        string source = Path.GetFileName(path);
        var rejects = new List<(string Id, long Line, string Reason)>();
        var solved = new List<(ContractualCashFlows Loan, double Eir, int Iterations, double[] Times, AmortisedCostSchedule Schedule)>();
        foreach (var loan in loans)
        {
            var dates = loan.Dates.ToArray();
            var amounts = loan.Amounts.ToArray();
            var times = dates.Select(d => DayCounts.YearFraction(dayCount, dates[0], d)).ToArray();
            string? reason = amounts[0] < 0.0 ? null : "the first (earliest) cash flow must be negative: the initial carrying amount paid out";
            double eir = 0.0;
            int iterations = 0;
            if (reason is null)
            {
                var failure = EffectiveInterestRate.TrySolve(times, amounts, out eir, out iterations);
                if (failure != EirFailure.None)
                {
                    reason = $"effective interest rate not found ({failure}): {EffectiveInterestRate.Describe(failure, times, amounts)}";
                }
            }

            if (reason is not null)
            {
                rejects.Add((loan.LoanId, loan.FirstLine, reason));
                continue;
            }

            solved.Add((loan, eir, iterations, times, AmortisedCostSchedule.Build(dates, amounts, eir, dayCount)));
        }

        if (rejects.Count > 0 && !reject)
        {
            throw new InvalidInputException(string.Join('\n', rejects.Take(DataValidationException.MaxListed)
                    .Select(r => $"{source}:{r.Line}: loan_id = {r.Id} {r.Reason}"))
                + $"\n{source}: {rejects.Count} loan(s) without an effective interest rate; nothing was written (use --reject-invalid to write them to rejects.csv).");
        }

        using var output = new OutputDirectory(args.Require("out"));
        using (var w = output.CreateText("eir.csv"))
        {
            CsvText.WriteLine(w, "loan_id", "eir", "initial_carrying_amount", "flows", "first_date", "last_date", "iterations", "npv_at_eir", "final_amortised_cost");
            foreach (var s in solved)
            {
                CsvText.WriteLine(w, CsvText.Field(s.Loan.LoanId), CsvText.Number(s.Eir), CsvText.Number(-s.Loan.Amounts[0]),
                    s.Loan.Dates.Count.ToString(CultureInfo.InvariantCulture), ImpairCommand.Date(s.Loan.Dates[0]), ImpairCommand.Date(s.Loan.Dates[^1]),
                    s.Iterations.ToString(CultureInfo.InvariantCulture), CsvText.Number(EffectiveInterestRate.NetPresentValue(s.Times, s.Loan.Amounts.ToArray(), s.Eir)),
                    CsvText.Number(s.Schedule.Closing[^1]));
            }
        }

        using (var w = output.CreateText("schedule.csv"))
        {
            CsvText.WriteLine(w, "loan_id", "period", "date", "opening", "interest", "cash", "closing");
            foreach (var s in solved)
            {
                var sc = s.Schedule;
                for (int k = 0; k < sc.Count; k++)
                {
                    CsvText.WriteLine(w, CsvText.Field(s.Loan.LoanId), (k + 1).ToString(CultureInfo.InvariantCulture), ImpairCommand.Date(sc.Dates[k]),
                        CsvText.Number(sc.Opening[k]), CsvText.Number(sc.Interest[k]), CsvText.Number(sc.Cash[k]), CsvText.Number(sc.Closing[k]));
                }
            }
        }

        using (var w = output.CreateText("rejects.csv"))
        {
            CsvText.WriteLine(w, "loan_id", "file", "line", "column", "value", "reason");
            foreach (var r in rejects)
            {
                CsvText.WriteLine(w, CsvText.Field(r.Id), CsvText.Field(source), r.Line.ToString(CultureInfo.InvariantCulture), "loan_id", CsvText.Field(r.Id), CsvText.Field(r.Reason));
            }
        }

        using (var stream = output.Create("manifest.json"))
        using (var json = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("tool", "valuecore");
            json.WriteString("version", CommandLine.Version);
            json.WriteString("command", "impair eir");
            json.WriteStartObject("inputs");
            json.WriteString(source, OutputDirectory.Sha256(path));
            json.WriteEndObject();
            json.WriteStartObject("parameters");
            json.WriteString("day_count", ImpairCommand.DayCountName(dayCount));
            json.WriteBoolean("reject_invalid", reject);
            json.WriteNumber("tolerance", EffectiveInterestRate.Tolerance);
            json.WriteEndObject();
            json.WriteStartObject("rows");
            json.WriteNumber("loans_read", loans.Count);
            json.WriteNumber("loans_solved", solved.Count);
            json.WriteNumber("loans_rejected", rejects.Count);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.Commit();
        ctx.Out.WriteLine($"impair eir: {loans.Count} loans read, {solved.Count} solved, {rejects.Count} rejected; day count {ImpairCommand.DayCountName(dayCount)}; written to {output.Path}");
        return ExitCodes.Success;
    }
}
