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

        var book = EirBook.Solve(loans, dayCount, source);
        timing.Mark("solve");

        if (book.Rejections.Count > 0 && !reject)
        {
            var listed = new DataIssueCollector(source);
            foreach (var r in book.Rejections)
            {
                listed.Add(r.Issue);
            }

            throw new InvalidInputException(string.Join('\n', listed.Issues.Select(i => i.Format(source)))
                + $"\n{source}: {book.Rejections.Count} loan(s) without an effective interest rate; nothing was written (use --skip-invalid to write them to rejected.csv).");
        }

        using var output = new OutputDirectory(args.Require("out"));
        using (var w = output.CreateText("eir.csv"))
        {
            CsvText.WriteLine(w, "loan_id", "eir", "initial_carrying_amount", "flows", "first_date", "last_date", "iterations", "npv_at_eir", "final_amortised_cost");
            for (int i = 0; i < book.Count; i++)
            {
                var loan = book.Loans[i];
                CsvText.WriteLine(w, CsvText.Field(loan.LoanId), CsvText.Number(book.Eir[i]), CsvText.Number(-loan.Amounts[0]),
                    loan.Dates.Count.ToString(CultureInfo.InvariantCulture), ImpairCommand.Date(loan.Dates[0]), ImpairCommand.Date(loan.Dates[^1]),
                    book.Iterations[i].ToString(CultureInfo.InvariantCulture), CsvText.Number(book.NpvAtEir[i]), CsvText.Number(book.Schedules[i].Closing[^1]));
            }
        }

        timing.Mark("write eir.csv");
        ImpairmentCsvWriter.WriteSchedules(output.Create("schedule.csv", 1 << 20), book.Loans.Select(x => x.LoanId).ToArray(), book.Schedules);
        timing.Mark("write schedule.csv");
        using (var w = output.CreateText("rejected.csv"))
        {
            CsvText.WriteLine(w, "loan_id", "file", "line", "column", "value", "reason");
            foreach (var r in book.Rejections)
            {
                CsvText.WriteLine(w, CsvText.Field(r.LoanId), CsvText.Field(r.Source), r.Issue.Line.ToString(CultureInfo.InvariantCulture), r.Issue.Column,
                    CsvText.Field(r.Issue.Value), CsvText.Field(r.Issue.Rule));
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
            json.WriteNumber("loans_read", book.LoansRead);
            json.WriteNumber("loans_solved", book.Count);
            json.WriteNumber("loans_rejected", book.Rejections.Count);
            json.WriteEndObject();
            output.WriteFileList(json);
            json.WriteEndObject();
        }

        output.Commit();
        timing.Mark("write");
        ctx.Out.WriteLine($"impair eir: {book.LoansRead} loans read, {book.Count} solved, {book.Rejections.Count} rejected; day count {ImpairCommand.DayCountName(dayCount)}; written to {output.Path}");
        return ExitCodes.Success;
    }
}
