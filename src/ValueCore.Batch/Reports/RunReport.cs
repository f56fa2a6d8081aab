using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ValueCore.IO;
using ValueCore.IO.Csv;

namespace ValueCore.Batch.Reports;

/// <summary>
/// <c>report.html</c> of a finished run: built from the run's output folder (its <c>manifest.json</c>, the job's
/// summary JSON, its group-level CSV files, and one bounded streaming pass over <c>loans.csv</c> for the RAROC
/// histogram and the top-10 lists), written under a temporary name, renamed into place and added to the manifest's
/// <c>files</c>. What each command's report holds: docs/reports.md.
/// </summary>
internal static class RunReport
{
    /// <summary>The report's file name in the output folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The tail size below which a Monte Carlo report warns (scenarios beyond the VaR).</summary>
    public const int MinimumTailScenarios = 500;

    private const long SmallFileBytes = 1 << 20;
    private const int TableRows = 50;
    private const int ChartGroups = 40;
    private static readonly string[] s_rollForwardSteps = ["unwind", "remeasurement", "write_off"];
    private static readonly string[] s_riskKeys = ["risk_type", "unit"];

    /// <summary>Writes <c>report.html</c> into a run's committed output folder and lists it in the manifest.</summary>
    /// <param name="folder">The output folder of the finished run.</param>
    /// <param name="command">The command, e.g. <c>raroc</c> or <c>provision ecl</c>.</param>
    /// <param name="currency">An ISO 4217 code shown on amounts, or null for none.</param>
    /// <returns>The report's warnings (each also in the report), for the console.</returns>
    /// <exception cref="IOException">The folder holds no manifest, or the report cannot be written.</exception>
    public static IReadOnlyList<string> Write(string folder, string command, string? currency)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(command);
        string manifestPath = Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifestPath))
        {
            throw new IOException($"{folder} holds no manifest.json: no report can be written for this run.");
        }

        var manifest = JsonNode.Parse(File.ReadAllText(manifestPath))!.AsObject();
        var ctx = new Context(folder, command, currency, manifest);
        var report = Build(ctx);
        string temp = Path.Combine(folder, FileName + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        using (var w = new StreamWriter(temp, false, CsvText.Utf8) { NewLine = "\n" })
        {
            report.Write(w);
        }

        File.Move(temp, Path.Combine(folder, FileName), overwrite: true);
        ListInManifest(manifestPath, manifest);
        return ctx.Warnings;
    }

    /// <summary>The report of a run's folder, not written (tests and the writer).</summary>
    internal static HtmlReport Build(Context ctx)
    {
        var m = ctx.Manifest;
        var report = new HtmlReport($"valuecore {ctx.Command}")
        {
            Subtitle = $"{Str(m["tool"]) ?? "valuecore " + ctx.Command} {Str(m["version"])}{(Str(m["created"]) is string c ? ", run " + c : "")}"
                + (ctx.Currency is null ? "; amounts in whole units" : $"; amounts in {ctx.Currency}, whole units"),
        };
        switch (ctx.Command)
        {
            case "raroc":
                RarocSections(ctx, report);
                break;
            case "capital":
                CapitalSections(ctx, report);
                break;
            case "provision ecl":
            case "provision migration":
                ProvisionSections(ctx, report);
                break;
            case "migration estimate":
            case "migration project":
                MigrationSections(ctx, report);
                break;
            case "scenario":
                ScenarioSections(ctx, report);
                break;
            case "impair":
                ImpairSections(ctx, report);
                break;
            case "aggregate":
            case "market-risk":
            case "op-risk":
                RiskSections(ctx, report);
                break;
            default:
                TotalsSection(ctx, report, m["totals"] as JsonObject ?? JsonFile(ctx, "summary.json"));
                break;
        }

        FileTables(ctx, report);
        Footer(ctx, report);
        return report;
    }

    private static void RarocSections(Context ctx, HtmlReport report)
    {
        TotalsSection(ctx, report, ctx.Manifest["totals"] as JsonObject);
        double hurdle = Num(ctx.Manifest["parameters"]?["hurdle"]);
        foreach (var file in ctx.Files.Where(f => f.StartsWith("by_", StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var t = ReadCsv(ctx, file);
            if (t is null)
            {
                continue;
            }

            int keys = t.Column("loans");
            var labels = t.Rows.Select(r => string.Join(" / ", r[..keys])).ToList();
            var s = report.Section($"By {string.Join(", ", t.Headers[..keys])} ({file})");
            var table = new ReportTable(null, [.. t.Headers[..keys], "loans", Money("EAD", ctx), Money("EL", ctx), Money("EC", ctx), "RAROC", "RAROC - hurdle", Money("EVA", ctx)]);
            foreach (var r in t.Rows)
            {
                double raroc = t.Num(r, "raroc");
                table.Add([.. r[..keys].Select(k => new ReportCell(k)), Cnt(t.Num(r, "loans")), Amt(t.Num(r, "ead")), Amt(t.Num(r, "el")), Amt(t.Num(r, "ec")), Pct(raroc), Pct(raroc - hurdle), Amt(t.Num(r, "eva"))]);
            }

            s.Table(table);
            var shown = Enumerable.Range(0, Math.Min(t.Rows.Count, ChartGroups)).ToList();
            if (t.Rows.Count > ChartGroups)
            {
                s.Text($"Charts show the first {ChartGroups} of {t.Rows.Count} groups.");
            }

            s.Chart(SvgChart.Bars("RAROC by group against the hurdle", [.. shown.Select(i => labels[i])], [.. shown.Select(i => t.Num(t.Rows[i], "raroc"))], ReportNumbers.Percent, hurdle, $"hurdle {ReportNumbers.Percent(hurdle)}"));
            s.Chart(SvgChart.Bars("EVA by group", [.. shown.Select(i => labels[i])], [.. shown.Select(i => t.Num(t.Rows[i], "eva"))], ReportNumbers.Short));
            s.Chart(SvgChart.HorizontalBars("EC by group", [.. shown.Select(i => labels[i])], [.. shown.Select(i => t.Num(t.Rows[i], "ec"))], ReportNumbers.Short));
            s.Chart(SvgChart.HorizontalBars("EL by group", [.. shown.Select(i => labels[i])], [.. shown.Select(i => t.Num(t.Rows[i], "el"))], ReportNumbers.Short));
        }

        var loans = report.Section("Loans: RAROC distribution, EVA destroyers and creators");
        if (!ctx.Files.Contains("loans.csv"))
        {
            loans.Text("The run wrote no loans.csv: no loan-level view.");
            return;
        }

        var pass = LoanPass.Read(Path.Combine(ctx.Folder, "loans.csv"));
        loans.Text($"{ReportNumbers.Count(pass.Loans)} loans; RAROC not defined (zero capital) for {ReportNumbers.Count(pass.Undefined)}; "
            + $"below {ReportNumbers.Percent(LoanPass.Low)}: {ReportNumbers.Count(pass.Below)}, at or above {ReportNumbers.Percent(LoanPass.High)}: {ReportNumbers.Count(pass.Above)} (outside the chart).");
        loans.Chart(SvgChart.Histogram("Loan RAROC (number of loans per bin)", pass.Lower, pass.Upper, pass.Counts, ReportNumbers.Percent, ReportNumbers.Count,
            [($"hurdle {ReportNumbers.Percent(hurdle)}", hurdle)]));
        foreach (var (title, tableId, list) in new[] { ("Ten largest EVA destroyers", "eva-destroyers", pass.Destroyers), ("Ten largest EVA creators", "eva-creators", pass.Creators) })
        {
            var table = new ReportTable(tableId, ["loan_id", "RAROC", Money("EVA", ctx)]);
            foreach (var (id, eva, raroc) in list)
            {
                table.Add(new(id), Pct(raroc), Amt(eva));
            }

            loans.Text(title + ":").Table(table);
        }
    }

    private static void CapitalSections(Context ctx, HtmlReport report)
    {
        var summary = JsonFile(ctx, "summary.json");
        if (summary is null)
        {
            return;
        }

        var s = report.Section("Portfolio totals (Monte Carlo)");
        long tail = (long)Num(summary["tail_scenarios"]);
        if (tail < MinimumTailScenarios)
        {
            string w = $"Warning: the tail beyond the VaR holds {tail} scenario(s), fewer than {MinimumTailScenarios}: VaR, ES and the contributions carry a large Monte Carlo error (see the standard errors); run more scenarios or importance sampling.";
            s.Warning(w);
            ctx.Warnings.Add(w);
        }

        var totals = new ReportTable("totals", ["measure", "value", "standard error"]);
        foreach (var (key, label) in new[] { ("el", "EL (IRB)"), ("el_simulated", "EL (simulated)"), ("var", "VaR"), ("es", "ES"), ("ec", "EC = VaR - EL"), ("es_ec", "EC on ES = ES - EL"), ("sd", "standard deviation of the loss"),
            ("standalone_irb_ec", "standalone EC (sum of IRB)"), ("diversified_ec", "diversified EC"), ("diversification_benefit", "diversification benefit"),
            ("standalone_raroc", "standalone RAROC"), ("diversified_raroc", "diversified RAROC"), ("standalone_eva", "standalone EVA"), ("diversified_eva", "diversified EVA") })
        {
            if (summary[key] is JsonNode node)
            {
                double v = Num(node);
                var value = key.Contains("raroc", StringComparison.Ordinal) ? Pct(v, key) : Amt(v, key, ctx.Currency);
                totals.Add(new(label), value, summary[key + "_se"] is JsonNode se ? Amt(Num(se)) : new ReportCell(""));
            }
        }

        s.Table(totals);
        s.Text($"{ReportNumbers.Count(Num(summary["scenarios"]))} scenarios, confidence {ReportNumbers.Percent(Num(summary["confidence"]))}, {ReportNumbers.Count(tail)} scenario(s) in the tail; standard errors are the Monte Carlo errors of the estimates.");

        var dist = ReadCsv(ctx, "loss_distribution.csv");
        if (dist is not null)
        {
            var bins = dist.Rows.Where(r => r[dist.Column("kind")] == "histogram").ToList();
            var x = new List<double>();
            var exceed = new List<double>();
            double cumulative = 0;
            foreach (var r in bins)
            {
                cumulative += dist.Num(r, "probability");
                x.Add(dist.Num(r, "bin_upper"));
                // Below one scenario's weight the estimate is noise (and rounding of 1 - sum): left off the log axis.
                double p = 1 - cumulative;
                exceed.Add(p >= 0.5 / Math.Max(Num(summary["scenarios"]), 1) ? p : double.NaN);
            }

            report.Section("Loss distribution").Chart(SvgChart.Lines("P(loss > x), log scale", x, [("exceedance", exceed)], true, ReportNumbers.Short, v => v >= 1e-3 ? v.ToString("0.###", CultureInfo.InvariantCulture) : v.ToString("0E+0", CultureInfo.InvariantCulture),
                [("EL", Num(summary["el_simulated"])), ($"VaR {ReportNumbers.Percent(Num(summary["confidence"]))}", Num(summary["var"])), ("ES", Num(summary["es"]))]))
                .Text("Exceedance probability of the simulated portfolio loss, from the histogram in loss_distribution.csv; EL, VaR and ES marked.");
        }

        foreach (var file in ctx.Files.Where(f => f.StartsWith("by_", StringComparison.Ordinal) && f.EndsWith(".csv", StringComparison.Ordinal)))
        {
            var t = ReadCsv(ctx, file);
            if (t is null)
            {
                continue;
            }

            int keys = t.Column("loans");
            var g = report.Section($"Contributions by {string.Join(", ", t.Headers[..keys])} ({file})");
            var table = new ReportTable(null, [.. t.Headers[..keys], "loans", Money("EL", ctx), Money("standalone EC", ctx), Money("diversified EC", ctx), Money("diversification benefit", ctx), "standalone RAROC", "diversified RAROC", Money("diversified EVA", ctx)]);
            foreach (var r in t.Rows)
            {
                table.Add([.. r[..keys].Select(k => new ReportCell(k)), Cnt(t.Num(r, "loans")), Amt(t.Num(r, "el")), Amt(t.Num(r, "standalone_ec")), Amt(t.Num(r, "diversified_ec")), Amt(t.Num(r, "diversification_benefit")),
                    Pct(t.Num(r, "standalone_raroc")), Pct(t.Num(r, "diversified_raroc")), Amt(t.Num(r, "diversified_eva"))]);
            }

            var labels = t.Rows.Take(ChartGroups).Select(r => string.Join(" / ", r[..keys])).ToList();
            g.Table(table)
                .Chart(SvgChart.HorizontalBars("Diversified EC (Euler contributions) by group", labels, [.. t.Rows.Take(ChartGroups).Select(r => t.Num(r, "diversified_ec"))], ReportNumbers.Short))
                .Chart(SvgChart.HorizontalBars("Diversification benefit (standalone - diversified EC) by group", labels, [.. t.Rows.Take(ChartGroups).Select(r => t.Num(r, "diversification_benefit"))], ReportNumbers.Short));
        }
    }

    private static void ProvisionSections(Context ctx, HtmlReport report)
    {
        TotalsSection(ctx, report, ctx.Manifest["totals"] as JsonObject);
        string measure = ctx.Command == "provision ecl" ? "ecl" : "provision";
        foreach (var file in new[] { "by_stage.csv", "by_class.csv", "by_segment.csv" })
        {
            var t = ctx.Files.Contains(file) ? ReadCsv(ctx, file) : null;
            if (t is null || t.Column(measure) < 0)
            {
                continue;
            }

            int keys = t.Column("loans");
            var labels = t.Rows.Select(r => string.Join(" / ", r[..keys])).ToList();
            var s = report.Section($"{(measure == "ecl" ? "ECL" : "Provision")} and exposure by {string.Join(", ", t.Headers[..keys])} ({file})");
            var table = new ReportTable(null, [.. t.Headers[..keys], "loans", Money("exposure", ctx), Money(measure == "ecl" ? "ECL" : "provision", ctx), "coverage"]);
            double loans = 0, exposure = 0, amount = 0;
            foreach (var r in t.Rows)
            {
                table.Add([.. r[..keys].Select(k => new ReportCell(k)), Cnt(t.Num(r, "loans")), Amt(t.Num(r, "exposure")), Amt(t.Num(r, measure)), Pct(t.Num(r, "coverage"))]);
                loans += t.Num(r, "loans");
                exposure += t.Num(r, "exposure");
                amount += t.Num(r, measure);
            }

            table.Add([new("total"), .. Enumerable.Range(1, keys - 1).Select(_ => new ReportCell("")), Cnt(loans), Amt(exposure), Amt(amount), Pct(exposure > 0 ? amount / exposure : double.NaN)]);
            s.Table(table)
                .Chart(SvgChart.Bars($"{(measure == "ecl" ? "ECL" : "Provision")} by {string.Join(", ", t.Headers[..keys])}", [.. labels.Take(ChartGroups)], [.. t.Rows.Take(ChartGroups).Select(r => t.Num(r, measure))], ReportNumbers.Short))
                .Chart(SvgChart.Bars("Coverage ratio (allowance / exposure)", [.. labels.Take(ChartGroups)], [.. t.Rows.Take(ChartGroups).Select(r => t.Num(r, "coverage"))], ReportNumbers.Percent));
        }

        var movement = ctx.Files.Contains("movement.csv") ? ReadCsv(ctx, "movement.csv") : null;
        var m = report.Section("Movement of the allowance");
        if (movement is null)
        {
            m.Text("No opening book was given: no movement (stage transfers) between two dates.");
            return;
        }

        var rows = movement.Rows.ToDictionary(r => r[0], r => movement.Num(r, "total"), StringComparer.Ordinal);
        var steps = movement.Rows.Where(r => r[0] is not "opening" and not "closing").Select(r => (r[0].Replace('_', ' '), movement.Num(r, "total"))).ToList();
        m.Chart(SvgChart.Waterfall("Allowance: opening to closing", "opening", rows.GetValueOrDefault("opening"), steps, "closing", rows.GetValueOrDefault("closing"), ReportNumbers.Short));
    }

    private static void MigrationSections(Context ctx, HtmlReport report)
    {
        var matrix = ReadCsv(ctx, "matrix.csv");
        if (matrix is not null)
        {
            int last = matrix.Column("period_years") is int p and >= 0 ? p : matrix.Headers.Length;
            var states = matrix.Headers.Skip(1).Take(last - 1).ToList();
            var ci = ctx.Files.Contains("matrix_ci.csv") ? ReadCsv(ctx, "matrix_ci.csv") : null;
            var bounds = ci?.Rows.ToDictionary(r => (r[0], r[1]), r => (ci.Num(r, "lower"), ci.Num(r, "upper")));
            var table = new ReportTable("matrix", ["from \\ to", .. states]);
            foreach (var r in matrix.Rows)
            {
                table.Add([new(r[0]), .. states.Select((to, j) =>
                {
                    double v = CsvNumber(r[j + 1]);
                    string text = ReportNumbers.Percent(v) + (bounds is not null && bounds.TryGetValue((r[0], to), out var b) ? $" [{ReportNumbers.Percent(b.Item1)}, {ReportNumbers.Percent(b.Item2)}]" : "");
                    return new ReportCell(text, true, Heat(v));
                })]);
            }

            report.Section("Transition matrix (heat map)").Table(table)
                .Text(ci is null ? "Each row: the probabilities of moving from a state to each state over the matrix period; colour from white (0) to dark blue (1)." : "In brackets: the bootstrap confidence band of each probability.");
        }

        var curve = ctx.Files.Contains("pd_curve.csv") ? ReadCsv(ctx, "pd_curve.csv") : null;
        if (curve is not null)
        {
            var years = curve.Rows.Select(r => curve.Num(r, "year")).Distinct().Order().ToList();
            var series = curve.Rows.GroupBy(r => r[0]).Where(g => g.Any(r => curve.Num(r, "cumulative_pd") > 0))
                .Select(g => (g.Key, (IReadOnlyList<double>)years.Select(y => g.Where(r => curve.Num(r, "year") == y).Select(r => curve.Num(r, "cumulative_pd")).DefaultIfEmpty(double.NaN).First()).ToList())).ToList();
            var s = report.Section("PD term structures (cumulative PD by year)");
            s.Chart(SvgChart.Lines("Cumulative PD by starting state", years, series, false, v => ReportNumbers.Plain(v, 1), ReportNumbers.Percent));
            if (curve.Column("cumulative_pd_lower") >= 0 && series.Count > 0)
            {
                string first = series[0].Key;
                var rows = years.Select(y => curve.Rows.First(r => r[0] == first && curve.Num(r, "year") == y)).ToList();
                s.Chart(SvgChart.Lines($"Cumulative PD of {first} with its bootstrap band", years, [(first, series[0].Item2)], false, v => ReportNumbers.Plain(v, 1), ReportNumbers.Percent, null,
                    ([.. rows.Select(r => curve.Num(r, "cumulative_pd_lower"))], [.. rows.Select(r => curve.Num(r, "cumulative_pd_upper"))])));
            }
        }
    }

    private static void ScenarioSections(Context ctx, HtmlReport report)
    {
        foreach (var (file, title) in new[] { ("comparison.csv", "Change against the baseline by scenario"), ("weighted.csv", "Probability-weighted view") })
        {
            var t = ctx.Files.Contains(file) ? ReadCsv(ctx, file) : null;
            if (t is null)
            {
                continue;
            }

            var portfolio = t.Rows.Where(r => r[t.Column("level")] == "portfolio").ToList();
            var s = report.Section($"{title} ({file}, portfolio level)");
            var table = new ReportTable(file == "weighted.csv" ? "weighted" : "comparison", ["scenario", "figure", "baseline", "value", "change", "relative change"]);
            foreach (var r in portfolio)
            {
                string figure = r[t.Column("figure")];
                table.Add(new(r[0]), new(figure), Fig(figure, t.Num(r, "baseline")), Fig(figure, t.Num(r, "value")), Fig(figure, t.Num(r, "change")), Pct(t.Num(r, "relative_change")));
            }

            s.Table(table);
            foreach (var figure in portfolio.Select(r => r[t.Column("figure")]).Distinct(StringComparer.Ordinal).Where(f => f != "loans"))
            {
                var rows = portfolio.Where(r => r[t.Column("figure")] == figure).OrderByDescending(r => Math.Abs(t.Num(r, "change"))).ToList();
                s.Chart(SvgChart.HorizontalBars($"{figure}: change against the baseline (tornado)", [.. rows.Select(r => r[0])], [.. rows.Select(r => t.Num(r, "change"))],
                    IsRate(figure) ? ReportNumbers.Percent : ReportNumbers.Short));
            }
        }

        ReportCell Fig(string figure, double v) => IsRate(figure) ? Pct(v) : figure == "loans" ? Cnt(v) : Amt(v);
    }

    private static void ImpairSections(Context ctx, HtmlReport report)
    {
        TotalsSection(ctx, report, ctx.Manifest["totals"] as JsonObject);
        var t = ctx.Files.Contains("roll_forward.csv") ? ReadCsv(ctx, "roll_forward.csv") : null;
        if (t is null)
        {
            return;
        }

        var byLoan = t.Rows.GroupBy(r => r[0]).ToList();
        double opening = byLoan.Sum(g => t.Num(g.First(), "opening_allowance"));
        double closing = byLoan.Sum(g => t.Num(g.Last(), "closing_allowance"));
        var steps = s_rollForwardSteps.Where(c => t.Column(c) >= 0).Select(c => (c.Replace('_', ' '), t.Rows.Sum(r => t.Num(r, c)))).ToList();
        var s = report.Section("Allowance roll-forward (roll_forward.csv, all loans and periods)");
        var table = new ReportTable("roll_forward", ["line", Money("allowance", ctx)]);
        table.Add(new("opening"), Amt(opening));
        foreach (var (label, v) in steps)
        {
            table.Add(new(label), Amt(v));
        }

        table.Add(new("closing"), Amt(closing));
        s.Table(table).Chart(SvgChart.Waterfall("Allowance roll-forward", "opening", opening, steps, "closing", closing, ReportNumbers.Short));
    }

    private static void RiskSections(Context ctx, HtmlReport report)
    {
        string json = ctx.Command switch { "aggregate" => "aggregate.json", "market-risk" => "market_risk.json", _ => "op_risk.json" };
        TotalsSection(ctx, report, JsonFile(ctx, json));
        string csv = ctx.Command switch { "aggregate" => "contributions.csv", "market-risk" => "market_risk.csv", _ => "op_risk.csv" };
        var t = ctx.Files.Contains(csv) ? ReadCsv(ctx, csv) : null;
        if (t is null)
        {
            return;
        }

        string measure = ctx.Command switch { "aggregate" => "contribution", "market-risk" => "es_contribution", _ => "capital" };
        var s = report.Section($"Contributions ({csv})");
        foreach (string key in s_riskKeys.Where(k => t.Column(k) >= 0))
        {
            var groups = t.Rows.GroupBy(r => r[t.Column(key)]).Select(g => (g.Key, g.Sum(r => t.Num(r, measure)))).OrderByDescending(g => g.Item2).ToList();
            s.Chart(SvgChart.HorizontalBars($"{measure.Replace('_', ' ')} by {key.Replace('_', ' ')}", [.. groups.Select(g => g.Key)], [.. groups.Select(g => g.Item2)], ReportNumbers.Short));
        }
    }

    private static void TotalsSection(Context ctx, HtmlReport report, JsonObject? totals)
    {
        if (totals is null)
        {
            return;
        }

        var table = new ReportTable("totals", ["measure", "value"]);
        foreach (var (key, node) in totals)
        {
            if (node is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
            {
                double x = v.GetValue<double>();
                table.Add(new(Label(key)), IsCount(key) ? Cnt(x, key) : IsRate(key) ? Pct(x, key) : IsPlain(key) ? new(ReportNumbers.Plain(x, 4), true, null, key) : Amt(x, key, ctx.Currency));
            }
            else if (node is null && !IsCount(key))
            {
                table.Add(new(Label(key)), new(ReportNumbers.NotDefined, true, null, key));
            }
        }

        report.Section("Portfolio totals").Table(table);
    }

    private static void FileTables(Context ctx, HtmlReport report)
    {
        var s = report.Section("Files of the run");
        s.Text("Every file the run wrote (manifest.json). Small CSV files are shown below, up to " + TableRows.ToString(CultureInfo.InvariantCulture) + " rows each; per-loan files are not.");
        var list = new ReportTable("files", ["file", "bytes"]);
        foreach (var f in ctx.Files)
        {
            var info = new FileInfo(Path.Combine(ctx.Folder, f));
            list.Add(new(f), info.Exists ? Cnt(info.Length) : new("(folder)"));
        }

        s.Table(list);
        if (ctx.Command is "raroc" or "capital" or "provision ecl" or "provision migration")
        {
            return; // their group files are shown above
        }

        foreach (var f in ctx.Files.Where(f => f.EndsWith(".csv", StringComparison.Ordinal) && f != "rejected.csv" && !f.Contains('/', StringComparison.Ordinal)))
        {
            var t = ReadCsv(ctx, f, TableRows);
            if (t is null)
            {
                continue;
            }

            var table = new ReportTable(null, t.Headers);
            foreach (var r in t.Rows)
            {
                table.Add([.. r.Select(c => CsvText.TryParseNumber(c, out double v) ? new ReportCell(ReportNumbers.Plain(v, 4), true) : new ReportCell(c))]);
            }

            report.Section(f + (t.Truncated ? $" (first {TableRows} rows)" : "")).Table(table);
        }
    }

    private static void Footer(Context ctx, HtmlReport report)
    {
        var m = ctx.Manifest;
        Inputs(m["input"], "input", report.Inputs);
        Inputs(m["inputs"], "input", report.Inputs);
        if (m["parameters"] is JsonObject p)
        {
            Flatten("", p, report.Parameters);
        }

        if (ctx.Currency is not null)
        {
            report.Parameters.Add(("report currency", ctx.Currency));
        }
    }

    /// <summary>The input files and their SHA-256 as the manifests write them: <c>{file|path, sha256[, role]}</c> objects
    /// (alone or in an array), <c>{role: file, role_sha256: hash}</c> pairs, or <c>{file: hash}</c> maps.</summary>
    private static void Inputs(JsonNode? node, string role, List<(string Role, string File, string Sha256)> into)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Inputs(item, role, into);
            }
        }
        else if (node is JsonObject o && Str(o["sha256"]) is string sha)
        {
            into.Add((Str(o["role"]) ?? role, Str(o["file"]) ?? Str(o["path"]) ?? "", sha));
        }
        else if (node is JsonObject map)
        {
            foreach (var (key, value) in map)
            {
                if (key.EndsWith("_sha256", StringComparison.Ordinal) || Str(value) is not string text)
                {
                    continue;
                }

                if (Str(map[key + "_sha256"]) is string hash)
                {
                    into.Add((key, text, hash));
                }
                else if (text.Length == 64 && text.All(char.IsAsciiHexDigitLower))
                {
                    into.Add((role, key, text));
                }
            }
        }
    }

    private static void Flatten(string prefix, JsonObject o, List<(string, string)> into)
    {
        foreach (var (key, node) in o)
        {
            string name = prefix.Length == 0 ? key : prefix + "." + key;
            if (node is JsonObject child && child.Count > 0)
            {
                Flatten(name, child, into);
            }
            else
            {
                into.Add((name, node switch
                {
                    null => "null",
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                    JsonArray a => string.Join(", ", a.Select(x => x is JsonValue xv && xv.GetValueKind() == JsonValueKind.String ? xv.GetValue<string>() : x?.ToJsonString() ?? "null")),
                    _ => node.ToJsonString(),
                }));
            }
        }
    }

    private static void ListInManifest(string manifestPath, JsonObject manifest)
    {
        if (manifest["files"] is not JsonArray files || files.Any(f => Str(f) == FileName))
        {
            return;
        }

        var names = files.Select(Str).OfType<string>().Append(FileName).Order(StringComparer.Ordinal).ToList();
        files.Clear();
        foreach (var n in names)
        {
            files.Add((JsonNode)JsonValue.Create(n));
        }

        string temp = manifestPath + ".tmp-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        using (var stream = File.Create(temp))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            manifest.WriteTo(json);
        }

        File.Move(temp, manifestPath, overwrite: true);
    }

    private static JsonObject? JsonFile(Context ctx, string name) =>
        ctx.Files.Contains(name) ? JsonNode.Parse(File.ReadAllText(Path.Combine(ctx.Folder, name))) as JsonObject : null;

    private static CsvTable? ReadCsv(Context ctx, string name, int maxRows = int.MaxValue)
    {
        string path = Path.Combine(ctx.Folder, name);
        if (!File.Exists(path) || (maxRows == int.MaxValue ? new FileInfo(path).Length > 16 * SmallFileBytes : new FileInfo(path).Length > SmallFileBytes))
        {
            return null; // a per-loan file of a big book is never read back whole
        }

        using var stream = File.OpenRead(path);
        var records = new CsvRecords(stream);
        if (!records.TryRead(out var header))
        {
            return null;
        }

        var t = new CsvTable(header.Fields);
        while (records.TryRead(out var r))
        {
            if (t.Rows.Count == maxRows)
            {
                t.Truncated = true;
                break;
            }

            t.Rows.Add(r.Fields);
        }

        return t;
    }

    private static string Money(string label, Context ctx) => ctx.Currency is null ? label : $"{label} ({ctx.Currency})";

    private static ReportCell Amt(double v, string? key = null, string? currency = null) => new(ReportNumbers.Amount(v, currency), true, null, key);

    private static ReportCell Pct(double v, string? key = null) => new(ReportNumbers.Percent(v), true, null, key);

    private static ReportCell Cnt(double v, string? key = null) => new(ReportNumbers.Count(v), true, null, key);

    private static bool IsCount(string key) => key is "loans" or "obligors" or "scenarios" or "units" or "tail_scenarios" or "bucket" or "loss_years" or "losses_used" or "losses_below_threshold" or "losses_outside_window" or "rows_rescaled";

    private static bool IsRate(string key) => key.Contains("raroc", StringComparison.Ordinal) || key.Contains("coverage", StringComparison.Ordinal) || key.Contains("confidence", StringComparison.Ordinal) || key.Contains("share", StringComparison.Ordinal) || key.EndsWith("rate", StringComparison.Ordinal) || key.StartsWith("relative", StringComparison.Ordinal);

    private static bool IsPlain(string key) => key.Contains("factor", StringComparison.Ordinal) || key.Contains("eigenvalue", StringComparison.Ordinal) || key is "ilm" or "df";

    private static string Label(string key) => key switch
    {
        "ead" or "el" or "ec" or "rwa" or "eva" or "ecl" or "es" or "var" or "bi" or "bic" or "lc" or "ilm" => key.ToUpperInvariant(),
        "raroc" => "RAROC",
        _ => key.Replace('_', ' '),
    };

    private static string Heat(double p)
    {
        // White (0) to dark blue (1) on a square-root scale, so small probabilities still show.
        double t = double.IsFinite(p) ? Math.Sqrt(Math.Clamp(p, 0, 1)) : 0;
        int r = (int)Math.Round(255 - t * (255 - 43)), g = (int)Math.Round(255 - t * (255 - 108)), b = (int)Math.Round(255 - t * (255 - 176));
        return string.Create(CultureInfo.InvariantCulture, $"rgb({r},{g},{b}){(t > 0.6 ? ";color:#fff" : "")}");
    }

    private static double CsvNumber(string text) => CsvText.TryParseNumber(text, out double v) ? v : double.NaN;

    private static double Num(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : double.NaN;

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    /// <summary>What a report is built from: the folder, the command, the currency, the manifest, and the warnings collected.</summary>
    internal sealed class Context(string folder, string command, string? currency, JsonObject manifest)
    {
        public string Folder { get; } = folder;

        public string Command { get; } = command;

        public string? Currency { get; } = currency;

        public JsonObject Manifest { get; } = manifest;

        public List<string> Warnings { get; } = [];

        public IReadOnlyList<string> Files { get; } = manifest["files"] is JsonArray a ? [.. a.Select(Str).OfType<string>()] : [];
    }

    private sealed class CsvTable(string[] headers)
    {
        public string[] Headers { get; } = headers;

        public List<string[]> Rows { get; } = [];

        public bool Truncated { get; set; }

        public int Column(string name) => Array.IndexOf(Headers, name);

        public double Num(string[] row, string column)
        {
            int i = Column(column);
            return i >= 0 && i < row.Length ? CsvNumber(row[i]) : double.NaN;
        }
    }
}
