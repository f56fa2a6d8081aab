using System.Globalization;
using ValueCore.Impairment;
using ValueCore.IO;
using ValueCore.IO.Impairment;
using ValueCore.Schedules;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

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
            new("skip-invalid", null, "write loans whose EIR cannot be solved to rejected.csv instead of failing (exit 3)"),
            ImpairCommand.RejectInvalidRemoved,
        ],
        Run,
        "The EIR is the annual effective rate r with sum amount x (1 + r)^-t = 0, t in years from the first date under the day count,\n"
        + "solved to 1e-12 by a bracketed, safeguarded Newton root finder (IFRS 9 B5.4.1-B5.4.3). See docs/impairment.md.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string path = args.RequireFile("cashflows");
        var dayCount = ImpairCommand.DayCountOption(args);
        bool reject = ImpairCommand.SkipInvalid(args);
        var timing = ImpairPhases.Start(ctx);
        var loans = ImpairmentCsv.ReadContractual(path);
        timing.Mark("read");
        string source = Path.GetFileName(path);

        // Solve every loan in parallel (each result depends on its loan alone), then collect in input order.
        var outcome = new (string? Reason, double Eir, int Iterations, double[] Times, AmortisedCostSchedule? Schedule)[loans.Count];
        try
        {
            Parallel.For(0, loans.Count, Solve);
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        void Solve(int i)
        {
            var loan = loans[i];
            var dates = loan.Dates.ToArray();
            var amounts = loan.Amounts.ToArray();
            var times = new double[dates.Length];
            for (int k = 0; k < dates.Length; k++)
            {
                times[k] = DayCounts.YearFraction(dayCount, dates[0], dates[k]);
            }

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

            outcome[i] = (reason, eir, iterations, times, reason is null ? AmortisedCostSchedule.Build(dates, amounts, eir, dayCount) : null);
        }

        var rejects = new List<(string Id, long Line, string Reason)>();
        var solved = new List<(ContractualCashFlows Loan, double Eir, int Iterations, double[] Times, AmortisedCostSchedule Schedule)>();
        for (int i = 0; i < loans.Count; i++)
        {
            var o = outcome[i];
            if (o.Reason is not null)
            {
                rejects.Add((loans[i].LoanId, loans[i].FirstLine, o.Reason));
            }
            else
            {
                solved.Add((loans[i], o.Eir, o.Iterations, o.Times, o.Schedule!));
            }
        }

        timing.Mark("solve");

        if (rejects.Count > 0 && !reject)
        {
            throw new InvalidInputException(string.Join('\n', rejects.Take(DataValidationException.MaxListed)
                    .Select(r => $"{source}:{r.Line}: loan_id = {r.Id} {r.Reason}"))
                + $"\n{source}: {rejects.Count} loan(s) without an effective interest rate; nothing was written (use --skip-invalid to write them to rejected.csv).");
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

        timing.Mark("write eir.csv");
        ImpairmentCsvWriter.WriteSchedules(output.Create("schedule.csv", 1 << 20), solved.Select(x => x.Loan.LoanId).ToArray(), solved.Select(x => x.Schedule).ToArray());
        timing.Mark("write schedule.csv");
        using (var w = output.CreateText("rejected.csv"))
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
            output.WriteFileList(json);
            json.WriteEndObject();
        }

        output.Commit();
        timing.Mark("write");
        ctx.Out.WriteLine($"impair eir: {loans.Count} loans read, {solved.Count} solved, {rejects.Count} rejected; day count {ImpairCommand.DayCountName(dayCount)}; written to {output.Path}");
        return ExitCodes.Success;
    }
}
