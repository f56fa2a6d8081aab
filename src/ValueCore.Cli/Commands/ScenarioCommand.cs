using System.Diagnostics;
using System.Globalization;
using ValueCore.Capital.MonteCarlo;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Scenarios;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore scenario</c>: the baseline and every scenario of a scenario file through the chosen measures, with the comparison.</summary>
internal static class ScenarioCommand
{
    public static CommandSpec Spec { get; } = new(
        "scenario",
        "Run stress scenarios (YAML/JSON) over a loan book: every measure per scenario, compared with the baseline.",
        [
            new("book", "FILE", "Loan-book CSV (see docs/loan-book.md).", Required: true),
            new("scenarios", "FILE", "Scenario file, YAML or JSON (see docs/scenarios.md).", Required: true),
            new("out", "DIR", "Output folder (default: out)."),
            new("measures", "LIST", "Measures: raroc (RAROC/EVA with IRB capital; always on), capital (portfolio Monte Carlo EC allocated by ES contributions: mc_ec, mc_es_contribution). provision is not wired yet."),
            new("mc-scenarios", "N", "Monte Carlo scenarios of the capital measure (default 20000)."),
            new("seed", "S", "Seed of the capital measure, the same in every scenario (default 42)."),
            new("matrix", "FILE", "Migration matrix for the provision measure."),
            new("by", "COLUMNS", "Group by these comma-separated columns; repeat for more groupings (default: segment).", Repeatable: true),
            new("params", "FILE", "params.json with the baseline's hurdle, tax, capital_rate, confidence, regime, pd_floor, scaling_factor, hurdle_by_segment."),
            new("map", "FILE", "Column map JSON, e.g. {\"ead\": \"EXPOSURE_AMT\"}."),
            new("keep", "COLUMNS", "Input columns to copy into every loans.csv after loan_id."),
            new("no-loans", null, "Write the aggregates only, no loans.csv."),
            new("threads", "N", "Worker threads (default: all cores); results do not depend on it."),
        ],
        Run,
        "Writes DIR/baseline/ and DIR/<scenario>/ (loans.csv, by_<columns>.csv, as 'valuecore raroc' writes them), DIR/comparison.csv,\n" +
        "DIR/weighted.csv (when the scenarios have weights), DIR/shocks.csv and DIR/manifest.json.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string book = args.RequireFile("book");
        string scenarios = args.RequireFile("scenarios");
        string outDir = args.Get("out") ?? "out";
        var measures = new List<IScenarioMeasure>();
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
                    throw new UsageException($"--measures {measure}: the {(measure == "capital" ? "portfolio Monte Carlo capital" : "migration/ECL provisions")} measure is not part of this build yet; " +
                        "it joins scenario runs when its module is merged (docs/scenarios.md). Use --measures raroc.");
                default:
                    throw new UsageException($"--measures = {measure} is not a measure (raroc; capital and provision when available)");
            }
        }

        if (args.Has("matrix"))
        {
            throw new UsageException("--matrix is an input of the provision measure, which is not part of this build yet (docs/scenarios.md).");
        }

        var valuation = args.Get("params") is string paramsPath ? ParameterFiles.ReadValuationOptions(ExistingFile("params", paramsPath)) : ValuationOptions.Default;
        var groupBy = args.GetAll("by").Select(b => (IReadOnlyList<string>)SplitList("by", b)).ToList();
        var map = args.Get("map") is string mapPath ? ParameterFiles.ReadColumnMap(ExistingFile("map", mapPath)) : new Dictionary<string, string>();
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
            Csv = new LoanBookCsvOptions { ColumnMap = map, SourceName = Path.GetFileName(book) },
            GroupBy = groupBy.Count > 0 ? groupBy : [[LoanColumns.Segment]],
            Keep = args.GetList("keep"),
            WriteLoans = !args.Has("no-loans"),
            MaxDegreeOfParallelism = threads,
            Timestamp = DateTimeOffset.UtcNow,
            Measures = measures,
        };

        var clock = Stopwatch.StartNew();
        ScenarioJobSummary summary;
        try
        {
            summary = ScenarioJob.Run(options);
        }
        catch (ArgumentException e) when (e is not ArgumentOutOfRangeException)
        {
            throw new InvalidInputException($"valuecore scenario: {e.Message}");
        }

        clock.Stop();
        Print(ctx.Out, summary, options, clock.Elapsed);
        return ExitCodes.Success;
    }

    private static void Print(TextWriter w, ScenarioJobSummary s, ScenarioJobOptions o, TimeSpan elapsed)
    {
        var inv = CultureInfo.InvariantCulture;
        var a = s.Analysis;
        w.WriteLine(string.Create(inv, $"valuecore scenario: {s.Source}, {s.Loans:N0} loans, {a.Scenarios.Count} scenario(s) and the baseline"));
        w.WriteLine();
        w.WriteLine(string.Create(inv, $"  {"scenario",-20}{"weight",8}{"EL",16}{"EC",16}{"RAROC",9}{"EVA",16}{"ΔEVA",16}"));
        var baseline = a.Baseline.Groups[0].Total;
        foreach (var outcome in new[] { a.Baseline }.Concat(a.Scenarios))
        {
            var t = outcome.Groups[0].Total;
            string weight = outcome.Weight is double x ? x.ToString("0.###", inv) : "";
            string raroc = t.Raroc is double r ? r.ToString("P2", inv) : "n/a";
            w.WriteLine(string.Create(inv, $"  {outcome.Name,-20}{weight,8}{t.El,16:N0}{t.Ec,16:N0}{raroc,9}{t.Eva,16:N0}{t.Eva - baseline.Eva,16:N0}"));
        }

        if (a.Set.HasWeights)
        {
            var weighted = a.Weighted();
            double ec = weighted.Get("weighted", "ec").Value, eva = weighted.Get("weighted", "eva").Value, rr = weighted.Get("weighted", "raroc").Value;
            w.WriteLine(string.Create(inv, $"  {"weighted",-20}{"1",8}{weighted.Get("weighted", "el").Value,16:N0}{ec,16:N0}{(double.IsNaN(rr) ? "n/a" : rr.ToString("P2", inv)),9}{eva,16:N0}{eva - baseline.Eva,16:N0}"));
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

    private static string ExistingFile(string option, string path) =>
        File.Exists(path) ? path : throw new UsageException($"--{option}: file not found: {path}");

    private static string[] SplitList(string option, string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        return items.Any(i => i.Length == 0) ? throw new UsageException($"--{option} = {text} has an empty item") : items;
    }
}
