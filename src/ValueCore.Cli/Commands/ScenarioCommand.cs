using System.Diagnostics;
using System.Globalization;
using ValueCore.Capital.MonteCarlo;
using ValueCore.IO;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;
using ValueCore.Scenarios;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore scenario</c>: the baseline and every scenario of a scenario file through the chosen measures, with the comparison.</summary>
internal static class ScenarioCommand
{
    public static CommandSpec Spec { get; } = new(
        "scenario",
        "Run stress scenarios (YAML/JSON) over a loan book: every measure per scenario, compared with the baseline.",
        [
            .. BookOptions.Specs(),
            new("scenarios", "FILE", "Scenario file, YAML or JSON (see docs/scenarios.md).", Required: true),
            new("out", "DIR", "Output folder.", Required: true),
            new("measures", "LIST", "Measures: raroc (RAROC/EVA with IRB capital; always on), capital (portfolio Monte Carlo EC allocated by ES contributions: mc_ec, mc_es_contribution), provision (IFRS 9 staging and ECL from --matrix and/or --matrix-by segment --matrices DIR: ecl, ecl_stage1..3, loans_stage1..3, ead_stage1..3), lifetime (NPV of EVA over each loan's life, flat pd or --matrix: npv_eva, pv_revenue, pv_el, pv_ec, pv_return)."),
            new("mc-scenarios", "N", "Monte Carlo scenarios of the capital measure (default 20000)."),
            new("seed", "S", "Seed of the capital measure, the same in every scenario (default 42)."),
            new("matrix", "FILE", "One-year migration matrix CSV (from,<states>) of the provision and lifetime measures; with --matrices the fallback of segments without their own."),
            new("matrix-by", "COLUMN", "Provision: segment (the only grouping for per-segment matrices)."),
            new("matrices", "DIR", "Provision: per-segment matrices DIR/<segment>.csv (with --matrix-by segment); --matrix is the fallback. A scenario's migration shock acts on every segment's matrix."),
            new("rho", "R", "Provision, lifetime: asset correlation of the migration Z-shift, in [0, 1) (needed by scenarios with migration: { z_shift })."),
            new("as-of", "DATE", "Provision: reporting date yyyy-MM-dd (needed when the book gives maturity_date)."),
            new("periods", "NAME", "Provision: yearly (default), quarterly or monthly ECL periods."),
            new("reversion-years", "N", "Provision: years after a z_shift's last year over which Z fades to the TTC matrix, 0 = at once (default 2)."),
            new("prepayment", "RATE", "Provision: annual prepayment rate in [0, 1) (default 0)."),
            new("amortisation", "NAME", "Provision: bullet, linear or annuity for a book without an amortisation column."),
            new("default-states", "LIST", "Provision: states that count as default (default: the matrix's absorbing states)."),
            new("absorbing", "LIST", "Provision: absorbing states of the matrix files (default: the last state)."),
            new("watch-states", "LIST", "Provision: classifications that mean stage 2 (default: special_mention)."),
            new("sicr-relative", "R", "Provision: lifetime-PD test PD_now > R x pd_origination (default 2)."),
            new("sicr-absolute", "A", "Provision: lifetime-PD test PD_now - pd_origination > A (default 0.005)."),
            new("by", "COLUMNS", "Group by these comma-separated columns; repeat for more groupings (default: segment).", Repeatable: true),
            new("params", "FILE", "params.json with the baseline's hurdle, tax, capital_rate, confidence, regime, pd_floor, hurdle_by_segment."),
            new("keep", "COLUMNS", "Input columns to copy into every loans.csv after loan_id."),
            new("no-loans", null, "Write the aggregates only, no loans.csv."),
            new("threads", "N", "Worker threads (default: all cores); results do not depend on it."),
            .. LifetimeArgs.Specs(matrix: false),
            .. TableOutputOptions.Specs(),
        ],
        Run,
        "Writes DIR/baseline/ and DIR/<scenario>/ (loans.csv, by_<columns>.csv, as 'valuecore raroc' writes them), with the capital\n" +
        "measure DIR/<scenario>/capital/ (loans.csv, by_<columns>.csv), with the provision measure DIR/<scenario>/provision/ (loans.csv,\n" +
        "by_stage.csv, by_segment.csv, as 'valuecore provision ecl' writes them), DIR/comparison.csv, DIR/weighted.csv (when the\n" +
        "scenarios have weights), DIR/shocks.csv and DIR/manifest.json. See docs/scenarios.md.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string book = BookOptions.RequireBook(args, ctx);
        string scenarios = args.RequireFile("scenarios");
        string outDir = args.Require("out");
        if (BookOptions.SkipInvalid(args))
        {
            throw new UsageException("--skip-invalid is not supported by scenario yet: every scenario revalues the whole book; fix the rows listed without it");
        }

        var measures = new List<IScenarioMeasure>();
        ScenarioProvisionOptions? provision = null;
        ScenarioLifetimeOptions? lifetime = null;
        foreach (var measure in args.GetList("measures"))
        {
            switch (measure)
            {
                case "raroc":
                    break;
                case "capital":
                    measures.Add(new MonteCarloCapitalMeasure(new MonteCarloOptions
                    {
                        Scenarios = args.GetLong("mc-scenarios", 20_000, 1_000, 1_000_000_000),
                        Seed = (ulong)args.GetLong("seed", 42, 0, long.MaxValue),
                    }));
                    break;
                case "provision":
                    provision = ProvisionOptions(args, book, scenarios);
                    break;
                case "lifetime":
                    lifetime = LifetimeOptions(args, scenarios);
                    break;
                default:
                    throw new UsageException($"--measures = {measure} is not a measure (raroc, capital, provision, lifetime)");
            }
        }

        if (lifetime is null && (args.Has("discount") || args.Has("payments-per-year")))
        {
            throw new UsageException($"--{(args.Has("discount") ? "discount" : "payments-per-year")} is an input of the lifetime measure: add lifetime to --measures (e.g. --measures raroc,lifetime)");
        }

        if (provision is null && ((lifetime is null && args.Has("matrix")) || args.Has("matrices") || args.Has("matrix-by")))
        {
            string given = args.Has("matrix") ? "--matrix" : args.Has("matrices") ? "--matrices" : "--matrix-by";
            throw new UsageException($"{given} is an input of the provision measure: add provision to --measures (e.g. --measures raroc,provision)");
        }

        var valuation = args.Get("params") is string paramsPath ? ParameterFiles.ReadValuationOptions(ExistingFile("params", paramsPath)) : ValuationOptions.Default;
        var groupBy = args.GetGroupings();
        int threads = args.GetInt("threads", -1, -1, 1024);
        if (threads == 0)
        {
            throw new UsageException("--threads must be -1 or positive");
        }

        var options = new ScenarioJobOptions
        {
            BookPath = book,
            ScenariosPath = scenarios,
            OutputDirectory = outDir,
            Valuation = valuation,
            Csv = BookOptions.Read(args, book),
            GroupBy = groupBy,
            Keep = args.GetList("keep"),
            WriteLoans = !args.Has("no-loans"),
            MaxDegreeOfParallelism = threads,
            Timestamp = DateTimeOffset.UtcNow,
            Measures = measures,
            Provision = provision,
            Lifetime = lifetime,
            Tables = TableOutputOptions.Read(args),
        };

        var clock = Stopwatch.StartNew();
        ScenarioJobSummary summary;
        Progress? progress = null;
        try
        {
            summary = ScenarioJob.Run(options with { Progress = total => progress = Progress.For(ctx, args, "scenario: valuing", total, "valuations") });
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new InvalidInputException($"valuecore scenario: {PlainText.Message(e)}");
        }
        finally
        {
            progress?.Done();
        }

        clock.Stop();
        BookOptions.WarnIfPdPercent(ctx, summary.Source, summary.PdLooksLikePercent && !options.Csv.PdInPercent);
        Print(ctx.Out, summary, options, clock.Elapsed);
        return ExitCodes.Success;
    }

    private static void Print(TextWriter w, ScenarioJobSummary s, ScenarioJobOptions o, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = s.Analysis;
        w.WriteLine(string.Create(inv, $"valuecore scenario: {s.Source}, {ConsoleNumbers.Count(s.Loans)} loans, {a.Scenarios.Count} scenario(s) and the baseline"));
        foreach (var note in s.Notes)
        {
            w.WriteLine($"  note: {note}");
        }

        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  {"scenario",-20}{"weight",8}{"EL",16}{"EC",16}{"RAROC",9}{"EVA",16}{"ΔEVA",16}"));
        var baseline = a.Baseline.Groups[0].Total;
        foreach (var outcome in new[] { a.Baseline }.Concat(a.Scenarios))
        {
            var t = outcome.Groups[0].Total;
            string weight = outcome.Weight is double x ? x.ToString("0.###", inv) : "";
            w.WriteLine(string.Create(inv, $"  {outcome.Name,-20}{weight,8}{ConsoleNumbers.Amount(t.El),16}{ConsoleNumbers.Amount(t.Ec),16}{ConsoleNumbers.Rate(t.Raroc),9}{ConsoleNumbers.Amount(t.Eva),16}{ConsoleNumbers.Amount(t.Eva - baseline.Eva),16}"));
        }

        if (a.Set.HasWeights)
        {
            var weighted = a.Weighted();
            double ec = weighted.Get("weighted", "ec").Value, eva = weighted.Get("weighted", "eva").Value, rr = weighted.Get("weighted", "raroc").Value;
            w.WriteLine(string.Create(inv, $"  {"weighted",-20}{"1",8}{ConsoleNumbers.Amount(weighted.Get("weighted", "el").Value),16}{ConsoleNumbers.Amount(ec),16}{ConsoleNumbers.Rate(rr),9}{ConsoleNumbers.Amount(eva),16}{ConsoleNumbers.Amount(eva - baseline.Eva),16}"));
        }

        if (a.Figures.Contains("ecl"))
        {
            var c = a.Compare();
            w.WriteLine();
            w.WriteLine(string.Create(inv, $"  {"provision",-20}{"ECL",16}{"ΔECL",16}{"stage 2 loans",15}{"stage 3 loans",15}"));
            double Of(string name, string figure) => name == "baseline" ? c.Rows.First(r => r.IsPortfolio && r.Figure == figure).Baseline : c.Get(name, figure).Value;
            double baseEcl = Of("baseline", "ecl");
            foreach (var outcome in new[] { a.Baseline }.Concat(a.Scenarios))
            {
                double ecl = Of(outcome.Name, "ecl");
                w.WriteLine(string.Create(inv, $"  {outcome.Name,-20}{ConsoleNumbers.Amount(ecl),16}{ConsoleNumbers.Amount(ecl - baseEcl),16}{ConsoleNumbers.Amount(Of(outcome.Name, "loans_stage2")),15}{ConsoleNumbers.Amount(Of(outcome.Name, "loans_stage3")),15}"));
            }

            if (s.EclLgdFallbacks is int fallbacks)
            {
                w.WriteLine(string.Create(inv, $"  ECL LGD from lgd (no ecl_lgd) for {ConsoleNumbers.Count(fallbacks)} of {ConsoleNumbers.Count(s.Loans)} loans"));
            }
        }

        foreach (var outcome in new[] { a.Baseline }.Concat(a.Scenarios).Where(o => o.TechnicalPdFloorCount > 0))
        {
            w.WriteLine(string.Create(inv, $"  {outcome.Name}: the technical PD floor {Capital.IrbFormula.TechnicalPdFloor:R} lifted {outcome.TechnicalPdFloorCount:N0} loans"));
        }

        foreach (var outcome in a.Scenarios)
        {
            foreach (var r in outcome.Reports.Where(r => r.LoansBounded > 0))
            {
                w.WriteLine(string.Create(inv, $"  {outcome.Name}: {r.Shock} bounded {r.LoansBounded:N0} of {r.LoansSelected:N0} loans to the field's range"));
            }
        }

        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  results in {Path.GetFullPath(o.OutputDirectory)} ({elapsed.TotalSeconds:F2} s)"));
    }

    /// <summary>The provision measure's settings; its missing inputs are usage errors (the book's columns are checked by the job, exit 3).</summary>
    private static ScenarioProvisionOptions ProvisionOptions(CliArgs args, string book, string scenarios)
    {
        bool hasDir = args.Has("matrices");
        if (!args.Has("matrix") && !hasDir)
        {
            throw new UsageException("--measures provision needs --matrix FILE (the one-year migration matrix, from,<states>; docs/provisions.md) or --matrix-by segment --matrices DIR");
        }

        if ((hasDir || args.Has("matrix-by")) && (args.Get("matrix-by") != "segment" || !hasDir))
        {
            throw new UsageException("per-segment matrices need both --matrix-by segment and --matrices DIR");
        }

        string? matrix = args.Has("matrix") ? args.RequireFile("matrix") : null;
        string? matrices = hasDir ? args.Require("matrices") : null;
        if (matrices is not null && !Directory.Exists(matrices))
        {
            throw new UsageException($"--matrices {matrices}: no such folder");
        }
        int periods = (args.Get("periods") ?? "yearly") switch
        {
            "yearly" => 1,
            "quarterly" => 4,
            "monthly" => 12,
            var v => throw new UsageException($"--periods = {v} must be yearly, quarterly or monthly"),
        };
        EadProfile? profile = args.Get("amortisation") switch
        {
            null => null,
            "bullet" => EadProfile.Bullet,
            "linear" => EadProfile.Linear,
            "annuity" => EadProfile.Annuity,
            var v => throw new UsageException($"--amortisation = {v} must be bullet, linear or annuity"),
        };
        DateOnly? asOf = null;
        if (args.Get("as-of") is { } asOfText)
        {
            asOf = DateOnly.TryParseExact(asOfText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d : throw new UsageException($"--as-of = {asOfText} must be a date yyyy-MM-dd");
        }

        double? rho = args.GetDoubleOrNull("rho", 0, 1 - 1e-12);
        if (rho is null && HasZShift(scenarios))
        {
            throw new UsageException("a scenario shifts the migration matrix by Z (migration: { z_shift }): the provision measure needs --rho R");
        }

        if (asOf is null)
        {
            var header = LoanBookCsv.ReadHeader(book).ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (header.Contains("maturity_date") && !header.Contains("remaining_term") && !header.Contains("term"))
            {
                throw new UsageException("the book gives maturity_date: the provision measure needs --as-of DATE (the reporting date)");
            }
        }

        return new ScenarioProvisionOptions
        {
            MatrixPath = matrix,
            MatricesDirectory = matrices,
            Absorbing = args.GetList("absorbing"),
            DefaultStates = args.GetList("default-states"),
            WatchStates = args.GetList("watch-states"),
            Rho = rho,
            ReversionYears = args.GetInt("reversion-years", ZShift.DefaultReversionYears, 0, 100),
            PeriodsPerYear = periods,
            PrepaymentRate = args.GetDouble("prepayment", 0, 0, 1 - 1e-12),
            DefaultProfile = profile,
            AsOf = asOf,
            Staging = new StagingRules
            {
                RelativeThreshold = args.GetDouble("sicr-relative", 2.0, 1, 1000),
                AbsoluteThreshold = args.GetDouble("sicr-absolute", 0.005, 0, 1 - 1e-12),
            },
        };
    }

    /// <summary>The lifetime measure's settings (the options of valuecore lifetime; --rho and --reversion-years as the provision measure's).</summary>
    private static ScenarioLifetimeOptions LifetimeOptions(CliArgs args, string scenarios)
    {
        var lifetime = LifetimeArgs.Read(args, ValuationOptions.Default, [], []);
        int threads = args.GetInt("threads", -1, -1, 1024);
        double? rho = args.GetDoubleOrNull("rho", 0, 1 - 1e-12);
        if (rho is null && lifetime.Matrix is not null && HasZShift(scenarios))
        {
            throw new UsageException("a scenario shifts the migration matrix by Z (migration: { z_shift }): the lifetime measure needs --rho R");
        }

        return new ScenarioLifetimeOptions
        {
            Measure = new LifetimeMeasureOptions
            {
                Lifetime = lifetime with { MaxDegreeOfParallelism = threads == 0 ? -1 : threads }, // --threads 0 is refused by Run
                Rho = rho,
                ReversionYears = args.GetInt("reversion-years", ZShift.DefaultReversionYears, 0, 100),
            },
            MatrixPath = lifetime.Matrix is null ? null : args.RequireFile("matrix"),
            Absorbing = args.GetList("absorbing"),
            DefaultStates = args.GetList("default-states"),
        };
    }

    /// <summary>Whether the scenario file has a migration Z-shift (a file that does not parse is left to the run, which reports every problem).</summary>
    private static bool HasZShift(string scenarios)
    {
        try
        {
            return ScenarioFile.Read(scenarios).Scenarios.Any(s => s.Migration is { Matrix: null });
        }
        catch (DataValidationException)
        {
            return false;
        }
    }

    private static string ExistingFile(string option, string path) =>
        File.Exists(path) ? path : throw new UsageException($"--{option}: file not found: {path}");
}
