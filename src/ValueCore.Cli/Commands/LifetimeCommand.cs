using System.Globalization;
using ValueCore.IO;
using ValueCore.IO.Migration;
using ValueCore.Migration;
using ValueCore.Pricing;
using ValueCore.Provisions;
using ValueCore.Batch.Pricing;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore lifetime</c>: NPV of EVA, lifetime RAROC and break-even rate of every loan over its remaining
/// term, as it amortises and migrates (docs/performance-and-pricing.md, "Lifetime value of a loan").</summary>
internal static class LifetimeCommand
{
    public static CommandSpec Spec { get; } = new(
        "lifetime",
        "Lifetime value of every loan: NPV of EVA, lifetime RAROC and break-even rate as it amortises and migrates.",
        [
            .. BookOptions.Specs("Loan-book CSV with term (or remaining_term, or maturity), optional amortisation (bullet|linear|annuity) and classification (see docs/loan-book.md).")
                .Where(o => o.Name != "skip-invalid"),
            new("out", "DIR", "Output folder.", Required: true),
            new("by", "COLUMNS", "Group by these comma-separated columns; repeat for more groupings (default: segment).", Repeatable: true),
            .. LifetimeArgs.Specs(),
            new("schedule", null, "Also write schedule.csv: per loan and year the balance, performing share, EL, EC, revenue, return and EVA."),
            new("params", "FILE", "params.json with hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment."),
            new("hurdle", "RATE", "Hurdle rate (cost of capital) for EVA (default 0.12)."),
            new("tax", "RATE", "Tax rate (default 0.25)."),
            new("capital-rate", "RATE", "Return earned on the capital held (default 0.03)."),
            new("confidence", "Q", "Confidence level of the IRB formula (default 0.999)."),
            new("regime", "basel2|basel3", "PD floors: basel2 0.03%; basel3 0.05%, 0.10% revolving retail (default basel2)."),
            new("pd-floor", "F", "PD floor for every asset class (overrides the regime)."),
            new("curve", "FILE", "Funding curve (tenor_years,rate): derive ftp_rate by matched maturity where the book has none."),
            new("liquidity", "FILE", "Liquidity-premium curve (tenor_years,rate) added to the derived transfer price."),
            new("threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        ],
        Run,
        "Writes DIR/loans.csv, DIR/by_<columns>.csv per grouping, DIR/schedule.csv (with --schedule), DIR/summary.json and DIR/manifest.json. Any invalid row fails the run (exit 3, all listed).");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string book = args.RequireFile("book");
        string outDir = args.Require("out");
        var valuation = ValuationArgs.Read(args);
        var inputs = new List<(string, string)>();
        var parameters = new List<(string, string)>();
        if (args.Get("curve") is not null)
        {
            inputs.Add(("curve", args.RequireFile("curve")));
            valuation = valuation with
            {
                Funding = new FundingOptions
                {
                    Curve = FundingCurveCsv.Read(args.RequireFile("curve")),
                    LiquidityCurve = args.Get("liquidity") is null ? null : FundingCurveCsv.Read(args.RequireFile("liquidity")),
                },
            };
        }

        var lifetime = LifetimeArgs.Read(args, valuation, inputs, parameters);
        var matrix = lifetime.Matrix;
        int threads = args.GetInt("threads", -1, -1, 1024);
        var options = new LifetimeJobOptions
        {
            BookPath = book,
            OutputDirectory = outDir,
            Csv = BookOptions.Read(args, book),
            GroupBy = args.GetGroupings(),
            Inputs = inputs,
            Parameters = parameters,
            Timestamp = DateTimeOffset.UtcNow,
            Lifetime = lifetime with
            {
                IncludeSchedule = args.Has("schedule"),
                MaxDegreeOfParallelism = threads == 0 ? throw new UsageException("--threads must be -1 or positive") : threads,
            },
        };

        var s = LifetimeCsvJob.Run(options);
        var r = s.Result;
        var inv = CultureInfo.InvariantCulture;
        var w = ctx.Out;
        w.WriteLine(string.Create(inv, $"valuecore lifetime: {s.Source}{(s.TermFromRemainingTerm ? " (term from remaining_term)" : "")}"));
        w.WriteLine(string.Create(inv, $"  loans {ConsoleNumbers.Count(r.Count)}, valued {ConsoleNumbers.Count(r.Total.Loans)}, starting in default (left empty) {ConsoleNumbers.Count(r.DefaultedLoans)}, no break-even rate {ConsoleNumbers.Count(r.NoBreakEvenLoans)}"));
        w.WriteLine(string.Create(inv, $"  credit states: {(matrix is null ? "flat pd" : "matrix " + matrix.States)}; discount {(options.Lifetime.DiscountRate is double d ? ConsoleNumbers.Rate(d) : "at the hurdle")}"));
        var (columns, rows) = s.Groups[0];
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  {string.Join('/', columns),-24}{"loans",10}{"PV(EC)",18}{"NPV of EVA",18}{"RAROC",9}"));
        foreach (var g in rows.Take(20))
        {
            w.WriteLine(Row(string.Join('/', g.Keys), g));
        }

        w.WriteLine(Row("portfolio", r.Total));
        w.WriteLine(string.Create(inv, $"  results in {Path.GetFullPath(outDir)}"));
        return ExitCodes.Success;
    }

    private static string Row(string label, LifetimeGroup g) => string.Create(CultureInfo.InvariantCulture,
        $"  {label,-24}{ConsoleNumbers.Count(g.Loans),10}{ConsoleNumbers.Amount(g.PvEc),18}{ConsoleNumbers.Amount(g.NpvEva),18}{ConsoleNumbers.Rate(g.LifetimeRaroc),9}");
}
