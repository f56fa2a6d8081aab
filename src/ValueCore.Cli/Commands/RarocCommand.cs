using System.Diagnostics;
using System.Globalization;
using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore raroc</c>: IRB capital, EL, risk-adjusted return, RAROC and EVA for every loan and group.</summary>
internal static class RarocCommand
{
    public static CommandSpec Spec { get; } = new(
        "raroc",
        "Value a loan-book CSV: IRB capital, EL, RAROC and EVA per loan and per group.",
        [
            .. BookOptions.Specs(),
            new("out", "DIR", "Output folder.", Required: true),
            new("by", "COLUMNS", "Group by these comma-separated columns; repeat for more groupings (default: segment).", Repeatable: true),
            new("params", "FILE", "params.json with hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment."),
            new("hurdle", "RATE", "Hurdle rate (cost of capital) for EVA (default 0.12)."),
            new("tax", "RATE", "Tax rate (default 0.25)."),
            new("capital-rate", "RATE", "Return earned on the capital held (default 0.03)."),
            new("confidence", "Q", "Confidence level of the IRB formula (default 0.999)."),
            new("regime", "basel2|basel3", "PD floors: basel2 0.03%; basel3 0.05%, 0.10% revolving retail (default basel2). basel3 also applies the Basel III IRB rules to rwa and writes lgd_used, rwa_sa, risk_weight_sa (docs/methodology.md, sections 9-12)."),
            new("pd-floor", "F", "PD floor for every asset class (overrides the regime)."),
            new("scaling-factor", null, "Removed: RWA carries the regime's scaling factor (basel2 1.06, basel3 none) and EC none; the option is refused."),
            new("curve", "FILE", "Funding curve (tenor_years,rate): derive ftp_rate by matched maturity where the book has none (bullet: rate at maturity or repricing; linear/annuity: cash-flow weighted); loans.csv then ends with the ftp_rate used."),
            new("liquidity", "FILE", "Liquidity-premium curve (tenor_years,rate) added to the derived transfer price."),
            new("payments-per-year", "N", "Principal payments a year of amortising loans for the derived transfer price (default 12)."),
            new("keep", "COLUMNS", "Input columns to copy into loans.csv after loan_id."),
            new("no-loans", null, "Write the aggregates only, no loans.csv."),
            new("threads", "N", "Worker threads (default: all cores); results do not depend on it."),
            .. RegulatoryCapitalArgs.Specs,

            .. TableOutputOptions.Specs(),
        ],
        Run,
        "Writes DIR/loans.csv, DIR/by_<columns>.csv per grouping, DIR/rejected.csv and DIR/manifest.json.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string book = BookOptions.RequireBook(args, ctx);
        string outDir = args.Require("out");
        var valuation = ValuationArgs.Read(args);
        var groupBy = args.GetGroupings();
        var (outputFloor, capitalBasis) = RegulatoryCapitalArgs.Read(args, valuation.Irb.Regime);
        if (capitalBasis is not null && valuation.HurdleBySegment.Count > 0)
        {
            throw new UsageException("--capital-basis takes one hurdle: params.json's hurdle_by_segment cannot be applied to the groups' capital basis; remove one of them");
        }

        var options = new RarocJobOptions
        {
            BookPath = book,
            OutputDirectory = outDir,
            Valuation = args.Get("curve") is string curvePath
                ? valuation with
                {
                    Funding = new FundingOptions
                    {
                        Curve = FundingCurveCsv.Read(ExistingFile("curve", curvePath)),
                        LiquidityCurve = args.Get("liquidity") is string liquidityPath ? FundingCurveCsv.Read(ExistingFile("liquidity", liquidityPath)) : null,
                        PaymentsPerYear = args.GetInt("payments-per-year", 12, 1, 366),
                    },
                }
                : valuation,
            Csv = BookOptions.Read(args, book),
            GroupBy = groupBy,
            Keep = args.GetList("keep"),
            SkipInvalid = BookOptions.SkipInvalid(args),
            WriteLoans = !args.Has("no-loans"),
            MaxDegreeOfParallelism = args.GetInt("threads", -1, -1, 1024) is 0 ? throw new UsageException("--threads must be -1 or positive") : args.GetInt("threads", -1, -1, 1024),
            Timestamp = DateTimeOffset.UtcNow,
            OutputFloor = outputFloor,
            CapitalBasis = capitalBasis,

            Tables = TableOutputOptions.Read(args),
        };

        var clock = Stopwatch.StartNew();
        var progress = Progress.For(ctx, args, "raroc: valuing the book", Progress.BookBytes(book), "bytes");
        RarocJobSummary summary;
        try
        {
            summary = RarocCsvJob.Run(options with { Progress = progress });
        }
        finally
        {
            progress?.Done();
        }

        clock.Stop();
        BookOptions.WarnIfPdPercent(ctx, summary.Source, summary.PdLooksLikePercent && !options.Csv.PdInPercent);
        PrintSummary(ctx, summary, options, clock.Elapsed);
        if (summary.Succeeded)
        {
            BookOptions.RequireValued("raroc", summary.Source, summary.RowsRead, summary.RowsValued);
        }

        return summary.Succeeded ? ExitCodes.Success : ExitCodes.InvalidInput;
    }

    private static string ExistingFile(string option, string path) =>
        File.Exists(path) ? path : throw new UsageException($"--{option}: file not found: {path}");

    private static void PrintSummary(CliContext ctx, RarocJobSummary s, RarocJobOptions o, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var err = ctx.Error;
        if (s.IssueCount > 0)
        {
            int shown = 0;
            foreach (var issue in BookOptions.NameDbRows(s.Issues, s.Source))
            {
                err.WriteLine(issue.Format(s.Source));
                shown++;
            }

            err.WriteLine(string.Create(inv, $"{s.Source}: {ConsoleNumbers.Count(s.IssueCount)} problem(s) in {ConsoleNumbers.Count(s.RowsRejected)} row(s){(s.IssueCount > shown ? $" ({ConsoleNumbers.Count(shown)} listed)" : "")}; all are in {Path.Combine(o.OutputDirectory, "rejected.csv")}."));
            if (!s.Succeeded)
            {
                err.WriteLine("Nothing was valued: fix the rows, or run with --skip-invalid to value the valid rows and reject the others.");
            }
        }

        var w = ctx.Out;
        w.WriteLine(string.Create(inv, $"valuecore raroc: {s.Source}"));
        w.WriteLine(string.Create(inv, $"  loans read {ConsoleNumbers.Count(s.RowsRead)}, valued {ConsoleNumbers.Count(s.RowsValued)}, rejected {ConsoleNumbers.Count(s.RowsRejected)}{(s.BlankLines > 0 ? $", blank lines skipped {ConsoleNumbers.Count(s.BlankLines)}" : "")}"));
        if (!s.Succeeded)
        {
            return;
        }

        if (s.ZeroCapitalLoans > 0)
        {
            w.WriteLine(string.Create(inv, $"  loans with zero capital (RAROC left empty): {ConsoleNumbers.Count(s.ZeroCapitalLoans)}"));
        }

        if (s.TechnicalPdFloorLoans > 0)
        {
            w.WriteLine(string.Create(inv, $"  loans whose PD the technical floor {IrbFormula.TechnicalPdFloor:R} lifted: {ConsoleNumbers.Count(s.TechnicalPdFloorLoans)}"));
        }

        if (s.DefaultedWithoutBeel > 0)
        {
            w.WriteLine(string.Create(inv, $"  defaulted loans without beel (BEEL = LGD, so K = 0): {ConsoleNumbers.Count(s.DefaultedWithoutBeel)}"));
        }

        var irb = o.Valuation.Irb;
        w.WriteLine(string.Create(inv, $"  EC: economic basis, confidence {irb.Confidence:R}, no scaling factor; RWA: regulatory basis, {(irb.Regime == CapitalRegime.Basel3 ? "basel3" : "basel2")}, confidence 0.999, scaling factor {IrbFormula.RegulatoryScalingFactor(irb.Regime):R}"));

        w.WriteLine(string.Create(inv, $"  fallbacks: no drawn balance, revenue on EAD {ConsoleNumbers.Count(s.DrawnFromEadLoans)}; no term, FTP term = maturity {ConsoleNumbers.Count(s.TermFromMaturityLoans)}; no maturity, M = term {ConsoleNumbers.Count(s.MaturityFromTermLoans)}"));

        if (s.Regulatory is { } reg)
        {
            w.WriteLine(string.Create(inv, $"  Basel III RWA: IRB {ConsoleNumbers.Amount(reg.RwaIrb)}, SA {ConsoleNumbers.Amount(reg.RwaSa)}{(reg.OutputFloor is double f ? $", output floor {f:R}: floored {ConsoleNumbers.Amount(reg.RwaFloored!.Value)} (add-on {ConsoleNumbers.Amount(reg.FloorAddOn!.Value)})" : "")}"));
            var elp = reg.ElProvisions;
            w.WriteLine(string.Create(inv, $"  EL - provisions {ConsoleNumbers.Amount(elp.ElMinusProvisions)} (shortfall to CET1 {ConsoleNumbers.Amount(elp.Cet1Deduction)}, excess to Tier 2 {ConsoleNumbers.Amount(elp.Tier2)} of cap {ConsoleNumbers.Amount(elp.Tier2Cap)}){(reg.Capital is { } c && reg.Basis is { } b ? $"; {b.Basis.ToString()} capital {ConsoleNumbers.Amount(c.CapitalTotal)}: RAROC {ConsoleNumbers.Rate(c.RarocTotal)}, EVA {ConsoleNumbers.Amount(c.EvaTotal)}" : "")}"));
        }

        var table = s.Groups[0];
        var rows = table.Rows.Take(20).ToList();
        int keyWidth = Math.Max(9, rows.Select(r => string.Join('/', r.Keys).Length).DefaultIfEmpty(0).Max()) + 2;
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  {string.Join('/', table.KeyColumns).PadRight(keyWidth)}{"loans",10}{"EAD",18}{"EL",15}{"EC",16}{"RAROC",9}{"EVA",16}"));
        foreach (var r in rows)
        {
            w.WriteLine(Row(string.Join('/', r.Keys), r, keyWidth));
        }

        if (table.Rows.Count > rows.Count)
        {
            w.WriteLine(string.Create(inv, $"  ... {table.Rows.Count - rows.Count} more groups in the by_ file"));
        }

        w.WriteLine(Row("portfolio", s.Total, keyWidth));
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  hurdle {ConsoleNumbers.Rate(o.Valuation.Profitability.Hurdle)}: portfolio RAROC {ConsoleNumbers.Rate(s.Total.Raroc)}, EVA {ConsoleNumbers.Amount(s.Total.Eva)}"));
        w.WriteLine(string.Create(inv, $"  results in {Path.GetFullPath(o.OutputDirectory)} ({elapsed.TotalSeconds:F2} s, {ConsoleNumbers.Amount(s.RowsRead / Math.Max(elapsed.TotalSeconds, 1e-9))} loans/s)"));
    }

    private static string Row(string label, GroupRow r, int keyWidth) => string.Create(CultureInfo.InvariantCulture,
        $"  {label.PadRight(keyWidth)}{ConsoleNumbers.Count(r.Loans),10}{ConsoleNumbers.Amount(r.Ead),18}{ConsoleNumbers.Amount(r.El),15}{ConsoleNumbers.Amount(r.Ec),16}{ConsoleNumbers.Rate(r.Raroc),9}{ConsoleNumbers.Amount(r.Eva),16}");
}
