using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ValueCore.Impairment;
using ValueCore.IO;
using ValueCore.IO.Impairment;
using ValueCore.Schedules;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore impair</c>: DCF impairment of individually impaired loans, with the allowance roll-forward.</summary>
internal static class ImpairCommand
{
    /// <summary>The old name of --skip-invalid, refused with a message that names the new option and file (not an alias:
    /// a job that read rejects.csv would otherwise miss its rejects silently).</summary>
    internal static OptionSpec RejectInvalidRemoved { get; } = new("reject-invalid", null, "Renamed --skip-invalid (rejects now go to rejected.csv); refused.");

    public static CommandSpec Spec { get; } = new("impair",
        "Allowance of individually impaired loans: carrying amount - probability-weighted PV of expected cash flows at the original EIR.",
        [
            new("loans", "FILE", "impaired.csv: loan_id,carrying_amount,reporting_date plus eir or origination terms", Required: true),
            new("cashflows", "FILE", "cashflows.csv: loan_id,scenario,probability,date,amount,kind[,haircut,cost_to_sell,as_of]", Required: true),
            new("as-of", "DATE", "the measurement date (yyyy-MM-dd); every loan must be reported at it (reporting_date may then be omitted)"),
            new("day-count", "NAME", "act365f (default), 30/360 or act360"),
            new("roll-forward", "DATES", "later reporting dates, comma-separated and ascending: writes roll_forward.csv; every as_of after the reporting date must be one (samples: --roll-forward 2025-12-31,2026-12-31)"),
            new("zero-pv-without-scenarios", null, "value a loan without any cash-flow scenario at PV 0 (allowance = carrying amount) instead of rejecting it"),
            new("skip-invalid", null, "write loans that break a rule to rejected.csv and value the rest, instead of failing (exit 3)"),
            RejectInvalidRemoved,
            new("threads", "N", "worker threads (default: all cores); results do not depend on it"),
            new("out", "DIR", "output folder", Required: true),
        ],
        Run,
        "Outputs: impairment.csv, scenarios.csv, rejected.csv, summary.csv, manifest.json and, with --roll-forward, roll_forward.csv.\n"
        + "Every loan row read appears in impairment.csv or in rejected.csv with its reasons. See docs/impairment.md.");

    /// <summary>Whether invalid loans are skipped (--skip-invalid); refuses the old --reject-invalid (exit 2).</summary>
    internal static bool SkipInvalid(CliArgs args) => args.Has("reject-invalid")
        ? throw new UsageException("--reject-invalid was renamed --skip-invalid, and its rejects.csv is now rejected.csv, as in every other command: use --skip-invalid")
        : args.Has("skip-invalid");

    internal static DayCount DayCountOption(CliArgs args)
    {
        string? text = args.Get("day-count");
        if (text is null)
        {
            return DayCount.Act365Fixed;
        }

        return ImpairmentCsv.TryParseDayCount(text, out var dc) ? dc : throw new UsageException($"--day-count = {text} must be act365f, 30/360 or act360");
    }

    internal static string DayCountName(DayCount dc) => dc switch
    {
        DayCount.Thirty360 => "30/360",
        DayCount.Act360 => "act360",
        _ => "act365f",
    };

    internal static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string option, string text) =>
        ImpairmentCsv.TryParseDate(text, out var d) ? d : throw new UsageException($"--{option} = {text} is not a date in yyyy-MM-dd form");

    private static int Run(CliArgs args, CliContext ctx)
    {
        bool skipInvalid = SkipInvalid(args);
        string loansPath = args.RequireFile("loans");
        string flowsPath = args.RequireFile("cashflows");
        var dayCount = DayCountOption(args);
        DateOnly? asOf = args.Get("as-of") is { } a ? ParseDate("as-of", a) : null;
        var roll = args.GetList("roll-forward").Select(t => ParseDate("roll-forward", t)).ToArray();
        for (int i = 1; i < roll.Length; i++)
        {
            if (roll[i] <= roll[i - 1])
            {
                throw new UsageException($"--roll-forward dates must be strictly ascending ({Date(roll[i - 1])} then {Date(roll[i])})");
            }
        }

        if (asOf is DateOnly asOfDate && roll.Length > 0 && roll[0] <= asOfDate)
        {
            throw new UsageException($"--roll-forward dates must be after --as-of {Date(asOfDate)}");
        }

        int threads = args.GetInt("threads", -1, -1, 1024);
        if (threads == 0)
        {
            throw new UsageException("--threads = 0 must be a positive number (or -1 for all cores)");
        }

        var options = new ImpairmentOptions
        {
            DayCount = dayCount,
            AsOf = asOf,
            RollForwardDates = roll,
            ZeroPvWithoutScenarios = args.Has("zero-pv-without-scenarios"),
        };
        var timing = ImpairPhases.Start(ctx);
        var input = ImpairmentCsv.Read(loansPath, flowsPath, options, threads);
        var book = input.Book;
        timing.Mark("read and validate");
        if (book.Rejections.Count > 0 && !skipInvalid)
        {
            var listed = book.Rejections.Take(DataValidationException.MaxListed).Select(r => OptionHints.Apply(r.Issue, r.Source).Format(r.Source));
            string tail = book.Rejections.Count > DataValidationException.MaxListed
                ? $"{book.Rejections.Count} problems found ({DataValidationException.MaxListed} listed)"
                : $"{book.Rejections.Count} problem(s) found";
            throw new InvalidInputException(string.Join('\n', listed)
                + $"\nimpair: {tail} affecting {book.RejectedLoanCount} loan(s); nothing was written (use --skip-invalid to value the other loans).");
        }

        var measured = ImpairmentCalculation.Measure(book, threads);
        var result = measured.Result;
        var rollForward = measured.RollForward;
        timing.Mark("value and roll forward");
        using var output = new OutputDirectory(args.Require("out"));
        ImpairmentCsvWriter.WriteImpairment(output.Create("impairment.csv", 1 << 20), result, threads);
        ImpairmentCsvWriter.WriteScenarios(output.Create("scenarios.csv", 1 << 20), result, threads);
        ImpairmentCsvWriter.WriteRejects(output.Create("rejected.csv"), book);
        if (rollForward is not null)
        {
            ImpairmentCsvWriter.WriteRollForward(output.Create("roll_forward.csv", 1 << 20), rollForward, threads);
        }

        timing.Mark("write");

        var summary = new (string Name, string Value)[]
        {
            ("loan_rows_read", book.LoanRowsRead.ToString(CultureInfo.InvariantCulture)),
            ("loans_valued", book.Count.ToString(CultureInfo.InvariantCulture)),
            ("loan_rows_rejected", book.RejectedLoanRowCount.ToString(CultureInfo.InvariantCulture)),
            ("cash_flow_only_loans", book.UnknownLoanCount.ToString(CultureInfo.InvariantCulture)),
            ("loans_pv_above_carrying", measured.LoansPvAboveCarrying.ToString(CultureInfo.InvariantCulture)),
            ("loans_zero_pv_without_scenarios", measured.LoansZeroPvWithoutScenarios.ToString(CultureInfo.InvariantCulture)),
            ("total_carrying_amount", CsvText.Number(result.TotalCarryingAmount)),
            ("total_pv_expected", CsvText.Number(result.TotalPresentValue)),
            ("total_allowance", CsvText.Number(result.TotalAllowance)),
            ("coverage", CsvText.Number(measured.Coverage ?? double.NaN)),
        };
        using (var w = output.CreateText("summary.csv"))
        {
            CsvText.WriteLine(w, "metric", "value");
            foreach (var (name, value) in summary)
            {
                CsvText.WriteLine(w, name, value);
            }
        }

        WriteManifest(output, loansPath, flowsPath, options, input, threads);
        output.Commit();
        timing.Mark("manifest and commit");
        foreach (var (name, value) in summary)
        {
            ctx.Out.WriteLine($"{name,-34}{value}");
        }

        ctx.Out.WriteLine($"written to {output.Path}");
        return ExitCodes.Success;
    }

    private static void WriteManifest(OutputDirectory output, string loansPath, string flowsPath, ImpairmentOptions options, ImpairmentCsvInput input, int threads)
    {
        var book = input.Book;
        using var stream = output.Create("manifest.json");
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "valuecore");
        json.WriteString("version", CommandLine.Version);
        json.WriteString("command", "impair");
        json.WriteStartObject("inputs");
        json.WriteString(Path.GetFileName(loansPath), input.LoansSha256);
        json.WriteString(Path.GetFileName(flowsPath), input.CashFlowsSha256);
        json.WriteEndObject();
        json.WriteStartObject("parameters");
        json.WriteString("day_count", DayCountName(options.DayCount));
        json.WriteString("as_of", options.AsOf is DateOnly d ? Date(d) : "");
        json.WriteString("roll_forward", string.Join(",", options.RollForwardDates.Select(Date)));
        json.WriteBoolean("zero_pv_without_scenarios", options.ZeroPvWithoutScenarios);
        json.WriteNumber("probability_tolerance", options.ProbabilityTolerance);
        json.WriteNumber("threads", threads);
        json.WriteEndObject();
        json.WriteStartObject("rows");
        json.WriteNumber("loan_rows_read", book.LoanRowsRead);
        json.WriteNumber("loans_valued", book.Count);
        json.WriteNumber("loan_rows_rejected", book.RejectedLoanRowCount);
        json.WriteNumber("cash_flow_only_loans", book.UnknownLoanCount);
        json.WriteNumber("loans_rejected", book.RejectedLoanCount);
        json.WriteNumber("rejection_reasons", book.Rejections.Count);
        json.WriteNumber("cash_flow_rows_read", input.CashFlowRowsRead);
        json.WriteEndObject();
        output.WriteFileList(json);
        json.WriteEndObject();
    }
}

/// <summary>Wall time per phase of an impairment command, printed to the error stream when VALUECORE_TIMING is set (for profiling).</summary>
internal sealed class ImpairPhases
{
    private readonly TextWriter? _writer;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private TimeSpan _lastCpu = Process.GetCurrentProcess().TotalProcessorTime;

    private ImpairPhases(TextWriter? writer) => _writer = writer;

    public static ImpairPhases Start(CliContext ctx) =>
        new(string.IsNullOrEmpty(Environment.GetEnvironmentVariable("VALUECORE_TIMING")) ? null : ctx.Error);

    public void Mark(string phase)
    {
        if (_writer is null)
        {
            return;
        }

        var now = _clock.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"timing: {phase,-20}{(now - _last).TotalSeconds,8:F3} s wall {(cpu - _lastCpu).TotalSeconds,8:F3} s CPU  (total {now.TotalSeconds:F3} s, GC heap {GC.GetTotalMemory(false) / 1048576.0:F0} MB)"));
        _last = now;
        _lastCpu = cpu;
    }
}
