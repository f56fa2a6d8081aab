using System.Globalization;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore scorecard</c>: EVA and RAROC scorecards by any columns, relationships, EVA change, incentive pools.</summary>
internal static class ScorecardCommand
{
    public static CommandSpec Spec { get; } = new(
        "scorecard",
        "EVA/RAROC scorecards by any columns from raroc results: ranking, relationships, EVA change, incentive pools.",
        [
            new("results", "DIR|FILE", "Results of valuecore raroc (folder with loans.csv and manifest.json, or a loans.csv).", Required: true),
            new("by", "COLUMNS", "Group by these comma-separated columns (carried into loans.csv with raroc --keep); the scorecard has one grouping, so repeated --by combine into it.", Repeatable: true),
            new("relationship", "FILE", "relationship_revenue.csv (customer_id,kind,amount): other revenue of each customer; writes relationships.csv."),
            new("customers", null, "Write relationships.csv (by customer_id) without a relationship file."),
            new("previous", "DIR|FILE", "Previous period's results: explain the EVA change by volume, margin, EL, cost, capital."),
            new("pool-share", "S", "Incentive pools: this share (in [0, 1]) of each group's EVA, floored at 0."),
            new("pool-basis", "eva|improvement", "What the pool is a share of (default eva; improvement needs --previous)."),
            new("capital-column", "NAME", "Allocated-capital column in the results (default allocated_capital)."),
            new("tax", "RATE", "Tax rate of the valuation (default: from manifest.json, else 0.25)."),
            new("capital-rate", "RATE", "Capital rate of the valuation (default: from manifest.json, else 0.03)."),
            new("hurdle", "RATE", "Hurdle for EVA on allocated capital (default: from manifest.json, else 0.12)."),
            new("out", "DIR", "Output folder.", Required: true),
        ],
        Run,
        "Writes DIR/scorecard_by_<cols>.csv and, as asked, relationships.csv, eva_change_by_<cols>.csv, pools_by_<cols>.csv.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string results = args.Require("results");
        if (!File.Exists(results) && !Directory.Exists(results))
        {
            throw new UsageException($"--results: not found: {results}");
        }

        foreach (var (option, path) in new[] { ("results", results), ("previous", args.Get("previous")) })
        {
            if (path is not null && Directory.Exists(path) && !File.Exists(Path.Combine(path, "loans.csv")))
            {
                throw new UsageException($"--{option}: {path} has no loans.csv (run valuecore raroc without --no-loans)");
            }
        }

        string? previous = args.Get("previous");
        if (previous is not null && !File.Exists(previous) && !Directory.Exists(previous))
        {
            throw new UsageException($"--previous: not found: {previous}");
        }

        var basis = args.Get("pool-basis") switch
        {
            null or "eva" => PoolBasis.Eva,
            "improvement" => PoolBasis.Improvement,
            var other => throw new UsageException($"--pool-basis = {other} must be eva or improvement"),
        };
        if (basis == PoolBasis.Improvement && previous is null)
        {
            throw new UsageException("--pool-basis improvement needs --previous");
        }

        if (args.Has("pool-basis") && !args.Has("pool-share"))
        {
            throw new UsageException("--pool-basis needs --pool-share");
        }

        var options = new ScorecardJobOptions
        {
            ResultsPath = results,
            OutputDirectory = args.Require("out"),
            By = CombinedBy(args),
            PreviousPath = previous,
            RelationshipPath = args.Get("relationship") is null ? null : args.RequireFile("relationship"),
            Customers = args.Has("customers"),
            PoolShare = args.GetDoubleOrNull("pool-share", 0, 1),
            PoolBasis = basis,
            CapitalColumn = args.Get("capital-column") ?? "allocated_capital",
            TaxRate = args.GetDoubleOrNull("tax", 0, 0.999999),
            CapitalRate = args.GetDoubleOrNull("capital-rate", -1, 1),
            Hurdle = args.GetDoubleOrNull("hurdle", -1, 10),
        };
        var r = ScorecardCsvJob.Run(options);
        var inv = CultureInfo.InvariantCulture;
        var w = ctx.Out;
        var card = r.Scorecard;
        w.WriteLine(string.Create(inv, $"valuecore scorecard: {card.Total.Loans:N0} loans in {card.Rows.Count:N0} groups; {card.Creators.Count():N0} create value, {card.Destroyers.Count():N0} destroy it"));
        int keyWidth = Math.Max(9, card.Rows.Take(10).Select(x => string.Join('/', x.Keys).Length).DefaultIfEmpty(0).Max()) + 2;
        w.WriteLine(string.Create(inv, $"  {"rank",4}  {string.Join('/', card.KeyColumns).PadRight(keyWidth)}{"EC",16}{"RAROC",9}{"spread",9}{"EVA",16}"));
        foreach (var row in card.Rows.Take(10))
        {
            var f = row.Figures;
            w.WriteLine(string.Create(inv, $"  {row.Rank,4}  {string.Join('/', row.Keys).PadRight(keyWidth)}{f.EconomicCapital,16:N0}{Pct(f.Raroc),9}{Pct(f.SpreadOverHurdle),9}{f.Eva,16:N0}"));
        }

        var t = card.Total.Figures;
        w.WriteLine(string.Create(inv, $"  {"",4}  {"total".PadRight(keyWidth)}{t.EconomicCapital,16:N0}{Pct(t.Raroc),9}{Pct(t.SpreadOverHurdle),9}{t.Eva,16:N0}"));
        if (r.Change is { } change)
        {
            w.WriteLine(string.Create(inv, $"  EVA change {change.Total:N0}: volume {change.Volume:N0}, margin {change.Margin:N0}, EL {change.ExpectedLoss:N0}, cost {change.OperatingCost:N0}, capital {change.Capital:N0}"));
        }

        if (r.Relationships is { } rel)
        {
            w.WriteLine(string.Create(inv, $"  relationships: {rel.Rows.Count:N0} customers, {rel.Creators.Count():N0} create value; relationship EVA {rel.Total.Figures.Eva:N0}"));
        }

        if (r.PoolTotal is double pool)
        {
            w.WriteLine(string.Create(inv, $"  incentive pools: bank total {pool:N2}"));
        }

        w.WriteLine($"  results in {Path.GetFullPath(options.OutputDirectory)}");
        return ExitCodes.Success;
    }

    /// <summary>Every --by's columns, in order, as the one grouping the scorecard writes (a column named twice is a usage error).</summary>
    private static string[] CombinedBy(CliArgs args)
    {
        var columns = args.GetAll("by").SelectMany(b => b.Split(',', StringSplitOptions.TrimEntries)).ToArray();
        if (columns.Any(c => c.Length == 0))
        {
            throw new UsageException("--by has an empty item");
        }

        return columns.Distinct(StringComparer.Ordinal).Count() == columns.Length ? columns : throw new UsageException("--by names a column twice");
    }

    private static string Pct(double? x) => x is double v ? v.ToString("P2", CultureInfo.InvariantCulture) : "n/a";
}
