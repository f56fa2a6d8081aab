using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Globalization;
using System.Text.Json;
using ValueCore.Internal;
using ValueCore.Performance;

namespace ValueCore.Batch;

/// <summary>
/// Scorecards from the per-loan results of <c>valuecore raroc</c>: EVA, RAROC, return, EC and the spread over the
/// hurdle by any columns, ranked; customer relationships; the EVA change against a previous period explained by its
/// drivers; EVA-linked incentive pools.
/// </summary>
/// <remarks>
/// <para>Reads <c>loans.csv</c> (columns ead, el, ec, revenue, return_pretax, return, eva, the grouping columns —
/// carried there with <c>raroc --keep</c> — and optionally segment and an allocated-capital column) and the tax rate,
/// capital rate and hurdles of its <c>manifest.json</c>. Operating cost per loan is recovered as
/// revenue - EL + capital rate x EC - pre-tax return.</para>
/// <para>Writes <c>scorecard_by_&lt;cols&gt;.csv</c>, and as asked <c>relationships.csv</c>,
/// <c>eva_change_by_&lt;cols&gt;.csv</c> and <c>pools_by_&lt;cols&gt;.csv</c>; each ends with a <c>(total)</c> row.
/// See docs/performance-and-pricing.md.</para>
/// </remarks>
public static class ScorecardCsvJob
{
    /// <summary>The key text of the total rows.</summary>
    public const string TotalKey = "(total)";

    /// <summary>Runs the scorecard.</summary>
    /// <param name="options">Inputs, groupings and outputs.</param>
    /// <returns>The scorecards and files written.</returns>
    /// <exception cref="DataValidationException">A results file lacks a column, a value is invalid, or the relationship file names customers that have no loan; all are listed.</exception>
    /// <exception cref="ArgumentException">Pools on improvement are asked without previous results, or the pool share is outside [0, 1].</exception>
    /// <exception cref="FileNotFoundException">An input does not exist.</exception>
    public static ScorecardJobResult Run(ScorecardJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.PoolShare is double share && !(share >= 0.0 && share <= 1.0))
        {
            throw new ArgumentException("The pool share must be in [0, 1].", nameof(options));
        }

        if (options.PoolShare is not null && options.PoolBasis == PoolBasis.Improvement && options.PreviousPath is null)
        {
            throw new ArgumentException("Pools on EVA improvement need the previous period's results.", nameof(options));
        }

        bool customers = options.Customers || options.RelationshipPath is not null;
        var current = ReadPeriod(options.ResultsPath, options, customers);
        var previous = options.PreviousPath is null ? null : ReadPeriod(options.PreviousPath, options, false);
        Scorecard? relationships = null;
        Dictionary<string, SortedDictionary<string, double>>? other = null;
        if (customers)
        {
            other = options.RelationshipPath is null ? [] : ReadRelationshipRevenue(options.RelationshipPath, current.Customers!);
            relationships = RelationshipScorecard(current.Customers!, other, current.TaxRate);
        }

        var files = new List<string>();
        string suffix = options.By.Count == 0 ? "all" : string.Join('_', options.By);
        EvaChange? totalChange = null;
        double? poolTotal = null;
        var inputs = new List<(string Role, string Path)> { ("results", LoansFile(options.ResultsPath)) };
        if (options.PreviousPath is not null)
        {
            inputs.Add(("previous", LoansFile(options.PreviousPath)));
        }

        if (options.RelationshipPath is not null)
        {
            inputs.Add(("relationships", options.RelationshipPath));
        }

        using (var output = new OutputDirectory(options.OutputDirectory, [options.ResultsPath, .. inputs.Select(i => i.Path)]))
        {
            using (var w = output.CreateText($"scorecard_by_{suffix}.csv"))
            {
                WriteScorecard(w, current.Scorecard);
            }

            files.Add(Path.Combine(output.Path, $"scorecard_by_{suffix}.csv"));
            if (relationships is not null)
            {
                using (var w = output.CreateText("relationships.csv"))
                {
                    WriteRelationships(w, relationships, current.Customers!, other!);
                }

                files.Add(Path.Combine(output.Path, "relationships.csv"));
            }

            if (previous is not null)
            {
                using (var w = output.CreateText($"eva_change_by_{suffix}.csv"))
                {
                    totalChange = WriteChange(w, current, previous);
                }

                files.Add(Path.Combine(output.Path, $"eva_change_by_{suffix}.csv"));
            }

            if (options.PoolShare is double s)
            {
                using (var w = output.CreateText($"pools_by_{suffix}.csv"))
                {
                    poolTotal = WritePools(w, current, options.PoolBasis == PoolBasis.Improvement ? previous : null, s);
                }

                files.Add(Path.Combine(output.Path, $"pools_by_{suffix}.csv"));
            }

            output.WriteManifest("valuecore scorecard", inputs);
            files.Add(Path.Combine(output.Path, "manifest.json"));
            output.Commit();
        }

        return new ScorecardJobResult(current.Scorecard, relationships, totalChange, poolTotal, files);
    }

    private sealed record Period(Scorecard Scorecard, Scorecard? Customers, double TaxRate, double CapitalRate, IReadOnlyList<string> By);

    /// <summary>The per-loan results file of a results folder or file.</summary>
    private static string LoansFile(string path) => Directory.Exists(path) ? Path.Combine(path, "loans.csv") : path;

    private static Period ReadPeriod(string path, ScorecardJobOptions options, bool customers)
    {
        string loansPath = LoansFile(path);
        if (!File.Exists(loansPath))
        {
            throw new FileNotFoundException($"Results file not found: {loansPath}", loansPath);
        }

        string manifestPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(loansPath))!, "manifest.json");
        var (tax, capitalRate, hurdle, bySegment) = ReadManifest(manifestPath);
        CheckManifestParameters(manifestPath, options, tax, capitalRate, hurdle, bySegment);
        tax = options.TaxRate ?? tax;
        capitalRate = options.CapitalRate ?? capitalRate;
        hurdle = options.Hurdle ?? hurdle;
        if (options.Hurdle is not null)
        {
            bySegment.Clear();
        }

        using var reader = CsvTableReader.Open(loansPath);
        var log = reader.Log;
        int ead = reader.Require("ead"), el = reader.Require("el"), ec = reader.Require("ec"), revenue = reader.Require("revenue"),
            pretax = reader.Require("return_pretax"), ret = reader.Require("return"), eva = reader.Require("eva");
        var by = options.By.Select(c => reader.Require(c, $"asked by --by; run valuecore raroc with --keep {c}")).ToArray();
        int customer = customers ? reader.Require("customer_id", "needed for relationships; run valuecore raroc with --keep customer_id") : -1;
        int segment = reader.Column("segment");
        int capital = reader.Column(options.CapitalColumn);
        log.ThrowIfAny();

        var builder = new ScorecardBuilder(options.By);
        var customerBuilder = customers ? new ScorecardBuilder("customer_id") : null;
        var keys = new string[by.Length];
        while (reader.Next())
        {
            bool ok = true;
            // Every figure is an amount, within the amount bound (docs/conventions.md, "Value bounds").
            static string? NonNegative(double v) => v < 0.0 ? "must be >= 0" : AmountBound.CheckNonNegative(v);
            Func<double, string?> signed = AmountBound.Check;
            double e = reader.Number(ead, true, 0, NonNegative, ref ok), l = reader.Number(el, true, 0, signed, ref ok),
                k = reader.Number(ec, true, 0, NonNegative, ref ok), rev = reader.Number(revenue, true, 0, signed, ref ok),
                pre = reader.Number(pretax, true, 0, signed, ref ok), r = reader.Number(ret, true, 0, signed, ref ok),
                v = reader.Number(eva, true, 0, signed, ref ok);
            double alloc = reader.Number(capital, false, double.NaN, NonNegative, ref ok);
            if (!ok)
            {
                continue;
            }

            double h = segment >= 0 && bySegment.Count > 0 && bySegment.TryGetValue(reader.Text(segment), out double sh) ? sh : hurdle;
            var figures = PerformanceFigures.OfLoan(e, rev, l, k, pre, r, v, capitalRate, alloc, h);
            for (int i = 0; i < by.Length; i++)
            {
                keys[i] = reader.Text(by[i]);
            }

            builder.Add(keys, figures);
            customerBuilder?.Add([reader.Text(customer)], figures);
        }

        log.ThrowIfAny();
        return new Period(builder.Build(), customerBuilder?.Build(), tax, capitalRate, options.By);
    }

    private static (double Tax, double CapitalRate, double Hurdle, Dictionary<string, double> BySegment) ReadManifest(string path)
    {
        var bySegment = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return (0.25, 0.03, 0.12, bySegment);
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            var p = doc.RootElement.GetProperty("parameters");
            if (p.TryGetProperty("hurdle_by_segment", out var segments))
            {
                foreach (var s in segments.EnumerateObject())
                {
                    bySegment[s.Name] = s.Value.GetDouble();
                }
            }

            return (p.GetProperty("tax").GetDouble(), p.GetProperty("capital_rate").GetDouble(), p.GetProperty("hurdle").GetDouble(), bySegment);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataValidationException(Path.GetFileName(path), [new DataIssue(0, "", "", "is not a valuecore raroc manifest (parameters.tax, capital_rate, hurdle): " + e.Message)], 1);
        }
    }

    /// <summary>
    /// The manifest's parameters that the run uses (those no option replaces) must lie in the ranges a valuation accepts
    /// (<see cref="Profitability.ProfitabilityParameters"/>): tax in [0, 1), capital_rate in [-1, 1], hurdles in [-1, 10].
    /// </summary>
    private static void CheckManifestParameters(string path, ScorecardJobOptions options, double tax, double capitalRate, double hurdle, Dictionary<string, double> bySegment)
    {
        var issues = new List<DataIssue>();
        void Check(bool used, string name, double value, double min, double max, bool maxIncluded)
        {
            if (used && !(value >= min && (maxIncluded ? value <= max : value < max)))
            {
                issues.Add(new DataIssue(0, "", "", string.Create(CultureInfo.InvariantCulture,
                    $"parameters.{name} = {value:R} is outside [{min:R}, {max:R}{(maxIncluded ? "]" : ")")} (the range a valuation accepts; docs/performance-and-pricing.md)")));
            }
        }

        Check(options.TaxRate is null, "tax", tax, 0, 1, maxIncluded: false);
        Check(options.CapitalRate is null, "capital_rate", capitalRate, -1, 1, maxIncluded: true);
        Check(options.Hurdle is null, "hurdle", hurdle, -1, 10, maxIncluded: true);
        foreach (var (segment, h) in bySegment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Check(options.Hurdle is null, "hurdle_by_segment." + segment, h, -1, 10, maxIncluded: true);
        }

        if (issues.Count > 0)
        {
            throw new DataValidationException(Path.GetFileName(path), issues, issues.Count);
        }
    }

    private static Dictionary<string, SortedDictionary<string, double>> ReadRelationshipRevenue(string path, Scorecard customers)
    {
        var known = customers.Rows.Select(r => r.Keys[0]).ToHashSet(StringComparer.Ordinal);
        using var reader = CsvTableReader.Open(path);
        var log = reader.Log;
        int id = reader.Require("customer_id"), kind = reader.Require("kind"), amount = reader.Require("amount");
        log.ThrowIfAny();
        var other = new Dictionary<string, SortedDictionary<string, double>>(StringComparer.Ordinal);
        while (reader.Next())
        {
            bool ok = true;
            string customer = reader.Text(id), k = reader.Text(kind);
            double a = reader.Number(amount, true, 0, AmountBound.Check, ref ok);
            if (customer.Length == 0)
            {
                log.Add(reader.Line, "customer_id", "", "must not be empty");
                ok = false;
            }
            else if (!known.Contains(customer))
            {
                log.Add(reader.Line, "customer_id", customer, "is not a customer of the results (no loan has this customer_id)");
                ok = false;
            }

            if (k.Length == 0)
            {
                log.Add(reader.Line, "kind", "", "must not be empty (e.g. deposits, fees)");
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            if (!other.TryGetValue(customer, out var kinds))
            {
                other[customer] = kinds = new SortedDictionary<string, double>(StringComparer.Ordinal);
            }

            kinds[k] = kinds.GetValueOrDefault(k) + a;
        }

        log.ThrowIfAny();
        return other;
    }

    private static Scorecard RelationshipScorecard(Scorecard customers, Dictionary<string, SortedDictionary<string, double>> other, double tax)
    {
        var builder = new ScorecardBuilder("customer_id");
        foreach (var row in customers.Rows.OrderBy(r => r.Keys[0], StringComparer.Ordinal))
        {
            double extra = other.TryGetValue(row.Keys[0], out var kinds) ? Sum(kinds.Values) : 0.0;
            builder.Add([row.Keys[0]], Relationship.WithOtherRevenue(row.Figures, extra, tax), row.Loans);
        }

        return builder.Build();
    }

    private static double Sum(IEnumerable<double> values)
    {
        var s = default(Internal.NeumaierSum);
        foreach (double v in values)
        {
            s.Add(v);
        }

        return s.Value;
    }

    private static string N(double v) => CsvText.Number(v);

    private static string N(double? v) => CsvText.Number(v ?? double.NaN);

    private static string Status(double eva) => Scorecard.StatusOf(eva) switch
    {
        ValueStatus.Creator => "creator",
        ValueStatus.Destroyer => "destroyer",
        _ => "neutral",
    };

    private static void WriteScorecard(TextWriter w, Scorecard card)
    {
        var head = new List<string> { "rank" };
        head.AddRange(card.KeyColumns.Select(CsvText.Field));
        head.AddRange(["loans", "ead", "revenue", "el", "opex", "ec", "return", "eva", "raroc", "hurdle", "spread", "status"]);
        if (card.HasAllocatedCapital)
        {
            head.AddRange(["allocated_capital", "allocated_raroc", "allocated_eva", "allocated_spread", "allocated_status"]);
        }

        CsvText.WriteLine(w, [.. head]);
        foreach (var row in card.Rows.Append(card.Total))
        {
            var f = row.Figures;
            var fields = new List<string> { row.Rank == 0 ? "" : row.Rank.ToString(CultureInfo.InvariantCulture) };
            fields.AddRange(row.Rank == 0 ? card.KeyColumns.Select(_ => TotalKey) : row.Keys.Select(CsvText.Field));
            fields.AddRange([row.Loans.ToString(CultureInfo.InvariantCulture), N(f.Ead), N(f.Revenue), N(f.ExpectedLoss), N(f.OperatingCost),
                N(f.EconomicCapital), N(f.Return), N(f.Eva), N(f.Raroc), N(f.Hurdle), N(f.SpreadOverHurdle), Status(f.Eva)]);
            if (card.HasAllocatedCapital)
            {
                fields.AddRange([N(f.AllocatedCapital), N(f.AllocatedRaroc), N(f.AllocatedEva), N(f.AllocatedSpreadOverHurdle), Status(f.AllocatedEva)]);
            }

            CsvText.WriteLine(w, [.. fields]);
        }
    }

    private static void WriteRelationships(TextWriter w, Scorecard relationships, Scorecard loans, Dictionary<string, SortedDictionary<string, double>> other)
    {
        var kinds = other.Values.SelectMany(k => k.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var loanRows = loans.Rows.ToDictionary(r => r.Keys[0], StringComparer.Ordinal);
        var head = new List<string> { "rank", "customer_id", "loans", "ead", "ec", "loan_return", "loan_raroc", "loan_eva" };
        head.AddRange(kinds.Select(k => CsvText.Field("revenue_" + k)));
        head.AddRange(["other_revenue", "return", "raroc", "eva", "spread", "status"]);
        CsvText.WriteLine(w, [.. head]);
        foreach (var row in relationships.Rows)
        {
            var l = loanRows[row.Keys[0]].Figures;
            var f = row.Figures;
            other.TryGetValue(row.Keys[0], out var mine);
            var fields = new List<string>
            {
                row.Rank.ToString(CultureInfo.InvariantCulture), CsvText.Field(row.Keys[0]), row.Loans.ToString(CultureInfo.InvariantCulture),
                N(f.Ead), N(f.EconomicCapital), N(l.Return), N(l.Raroc), N(l.Eva),
            };
            fields.AddRange(kinds.Select(k => N(mine?.GetValueOrDefault(k) ?? 0.0)));
            fields.AddRange([N(mine is null ? 0.0 : Sum(mine.Values)), N(f.Return), N(f.Raroc), N(f.Eva), N(f.SpreadOverHurdle), Status(f.Eva)]);
            CsvText.WriteLine(w, [.. fields]);
        }
    }

    private static EvaChange WriteChange(TextWriter w, Period current, Period previous)
    {
        var now = current.Scorecard.Rows.ToDictionary(r => string.Join('\u001f', r.Keys), StringComparer.Ordinal);
        var before = previous.Scorecard.Rows.ToDictionary(r => string.Join('\u001f', r.Keys), StringComparer.Ordinal);
        var head = current.By.Select(CsvText.Field).Concat(["eva_previous", "eva_current", "change", "volume", "margin", "expected_loss", "operating_cost", "capital", "sum_of_effects"]);
        CsvText.WriteLine(w, [.. head]);
        var sums = new Internal.NeumaierSum[7];
        foreach (string key in now.Keys.Union(before.Keys).Order(StringComparer.Ordinal))
        {
            var c1 = now.TryGetValue(key, out var r1) ? EvaComponents.From(r1.Figures, current.TaxRate) : default;
            var c0 = before.TryGetValue(key, out var r0) ? EvaComponents.From(r0.Figures, previous.TaxRate) : default;
            var change = EvaChange.Explain(c0, c1);
            double[] values = [change.Previous, change.Current, change.Volume, change.Margin, change.ExpectedLoss, change.OperatingCost, change.Capital];
            for (int i = 0; i < values.Length; i++)
            {
                sums[i].Add(values[i]);
            }

            var keys = current.By.Count == 0 ? [] : key.Split('\u001f').Select(CsvText.Field);
            CsvText.WriteLine(w, [.. keys, N(change.Previous), N(change.Current), N(change.Total), N(change.Volume), N(change.Margin),
                N(change.ExpectedLoss), N(change.OperatingCost), N(change.Capital), N(change.SumOfEffects)]);
        }

        var total = new EvaChange(sums[0].Value, sums[1].Value, sums[2].Value, sums[3].Value, sums[4].Value, sums[5].Value, sums[6].Value);
        CsvText.WriteLine(w, [.. current.By.Select(_ => TotalKey), N(total.Previous), N(total.Current), N(total.Total), N(total.Volume),
            N(total.Margin), N(total.ExpectedLoss), N(total.OperatingCost), N(total.Capital), N(total.SumOfEffects)]);
        return total;
    }

    private static double WritePools(TextWriter w, Period current, Period? previous, double share)
    {
        var before = previous?.Scorecard.Rows.ToDictionary(r => string.Join('\u001f', r.Keys), StringComparer.Ordinal);
        var head = current.By.Select(CsvText.Field).Concat(previous is null ? ["eva", "share", "pool"] : ["eva", "eva_previous", "improvement", "share", "pool"]);
        CsvText.WriteLine(w, [.. head]);
        var total = default(Internal.NeumaierSum);
        foreach (var row in current.Scorecard.Rows.OrderBy(r => string.Join('\u001f', r.Keys), StringComparer.Ordinal))
        {
            double eva = row.Figures.Eva;
            var keys = row.Keys.Select(CsvText.Field);
            if (before is null)
            {
                double pool = IncentivePool.OnEva(eva, share);
                total.Add(pool);
                CsvText.WriteLine(w, [.. keys, N(eva), N(share), N(pool)]);
            }
            else
            {
                double prior = before.TryGetValue(string.Join('\u001f', row.Keys), out var r0) ? r0.Figures.Eva : 0.0;
                double pool = IncentivePool.OnImprovement(eva, prior, share);
                total.Add(pool);
                CsvText.WriteLine(w, [.. keys, N(eva), N(prior), N(eva - prior), N(share), N(pool)]);
            }
        }

        var blanks = previous is null ? new[] { "", "" } : ["", "", "", ""];
        CsvText.WriteLine(w, [.. current.By.Select(_ => TotalKey), .. blanks, N(total.Value)]);
        return total.Value;
    }
}
