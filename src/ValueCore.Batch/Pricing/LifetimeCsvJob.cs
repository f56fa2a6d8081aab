using System.Text.Json;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Pricing;
using ValueCore.Schedules;

namespace ValueCore.Batch.Pricing;

/// <summary>The lifetime value of every loan of a loan-book CSV (<see cref="LifetimeValuation.Run"/>): <c>loans.csv</c>,
/// <c>by_&lt;columns&gt;.csv</c> per grouping, <c>schedule.csv</c> when asked, <c>summary.json</c> and <c>manifest.json</c>,
/// all-or-nothing.</summary>
/// <remarks>The book is read whole (<see cref="LoanBookCsv"/>, every row validated, any invalid row fails the run with
/// all issues listed); its <c>amortisation</c> column (bullet, linear, annuity; empty = bullet) gives each loan's
/// repayment type, and a book without a <c>term</c> column takes its <c>remaining_term</c> column (the provision books'
/// name) as the term.</remarks>
public static class LifetimeCsvJob
{
    private const string RemainingTerm = "remaining_term";

    /// <summary>Runs the job.</summary>
    /// <param name="options">Inputs, settings and output folder.</param>
    /// <returns>The valuation and its groups.</returns>
    /// <exception cref="DataValidationException">A row breaks a rule of the loan book or of the lifetime model; all are listed by line.</exception>
    /// <exception cref="FileNotFoundException">The book does not exist.</exception>
    public static LifetimeJobSummary Run(LifetimeJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string source = options.Csv.SourceName ?? Path.GetFileName(options.BookPath);
        var header = LoanBookCsv.ReadHeader(options.BookPath, options.Csv);
        bool Has(string name) => header.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        var csv = options.Csv;
        bool termFromRemaining = !Has(LoanColumns.Term) && !csv.ColumnMap.ContainsKey(LoanColumns.Term) && Has(RemainingTerm);
        if (termFromRemaining)
        {
            csv = csv with { ColumnMap = new Dictionary<string, string>(csv.ColumnMap, StringComparer.Ordinal) { [LoanColumns.Term] = RemainingTerm } };
        }

        string? amortisationColumn = csv.ColumnMap.GetValueOrDefault(LoanColumns.Amortisation) ?? (Has(LoanColumns.Amortisation) ? LoanColumns.Amortisation : null);
        var attributes = options.GroupBy.SelectMany(g => g).Where(c => !LoanBookBuilder.IsStandard(c)).ToList();
        if (amortisationColumn is not null)
        {
            attributes.Add(amortisationColumn);
        }

        var lines = new List<long>();
        var book = LoanBookCsv.Read(options.BookPath, csv with { Attributes = [.. attributes.Distinct(StringComparer.Ordinal)], SourceName = source }, lines);
        if (amortisationColumn is not null)
        {
            book.WithFtpTerms(Amortisations(book, amortisationColumn, csv, lines, source), null);
        }

        LifetimeResult result;
        try
        {
            result = LifetimeValuation.Run(book, options.Lifetime);
        }
        catch (DataValidationException e)
        {
            // The engine names records; the file's readers name physical lines.
            throw new DataValidationException(source, [.. e.Issues.Select(i => i with { Line = lines[(int)i.Line - 1] })], e.TotalIssues);
        }

        var groups = options.GroupBy.Select(g => (g, result.GroupBy(g))).ToList();
        using var output = new OutputDirectory(options.OutputDirectory, [options.BookPath, .. options.Inputs.Select(i => i.Path)]);
        WriteLoans(output, result);
        foreach (var (columns, rows) in groups)
        {
            WriteGroups(output, "by_" + string.Join('_', columns) + ".csv", columns, rows);
        }

        if (result.Schedule is not null)
        {
            WriteSchedule(output, result);
        }

        WriteSummary(output, result, source, termFromRemaining);
        WriteManifest(output, options, termFromRemaining);
        output.Commit();
        return new LifetimeJobSummary(source, result, [.. groups.Select(g => ((IReadOnlyList<string>)g.g, g.Item2))], termFromRemaining);
    }

    private static Amortisation[] Amortisations(LoanBook book, string column, LoanBookCsvOptions csv, List<long> lines, string source)
    {
        var labels = book.TextColumn(column);
        var codes = csv.ValueMap.GetValueOrDefault(LoanColumns.Amortisation);
        var result = new Amortisation[book.Count];
        var issues = new List<DataIssue>();
        long total = 0;
        for (int i = 0; i < result.Length; i++)
        {
            string label = codes is not null && codes.TryGetValue(labels[i], out var mapped) ? mapped : labels[i];
            if (label.Length > 0 && !AmortisationLabels.TryParse(label.AsSpan(), out result[i]))
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(new DataIssue(lines[i], column, labels[i], "is not " + AmortisationLabels.Expected));
                }
            }
        }

        return total > 0 ? throw new DataValidationException(source, issues, total) : result;
    }

    private static void WriteLoans(OutputDirectory output, LifetimeResult r)
    {
        using var w = output.CreateText("loans.csv");
        w.Write("loan_id,segment,classification,amortisation,years,ftp_rate,npv_eva,lifetime_raroc,break_even_rate,break_even_funding,break_even_el,break_even_cost,break_even_capital,pv_revenue,pv_el,pv_ec,pv_return\n");
        var b = r.Book;
        for (int i = 0; i < r.Count; i++)
        {
            CsvText.WriteLine(w, CsvText.Field(b.LoanId[i]), CsvText.Field(b.Segment[i]), CsvText.Field(b.Classification[i]),
                AmortisationLabels.Label(b.Amortisation.IsEmpty ? Amortisation.Bullet : b.Amortisation[i]), N(r.Years[i]), N(r.FtpRate[i]),
                N(r.NpvEva[i]), N(r.LifetimeRaroc[i]), N(r.BreakEvenRate[i]), N(r.BreakEvenFunding[i]), N(r.BreakEvenEl[i]),
                N(r.BreakEvenCost[i]), N(r.BreakEvenCapital[i]), N(r.PvRevenue[i]), N(r.PvEl[i]), N(r.PvEc[i]), N(r.PvReturn[i]));
        }
    }

    private static void WriteGroups(OutputDirectory output, string file, IReadOnlyList<string> columns, IReadOnlyList<LifetimeGroup> rows)
    {
        using var w = output.CreateText(file);
        w.Write(string.Join(',', columns.Select(CsvText.Field)) + ",loans,defaulted_loans,ead,pv_revenue,pv_el,pv_ec,pv_return,npv_eva,lifetime_raroc\n");
        foreach (var g in rows)
        {
            CsvText.WriteLine(w, [.. g.Keys.Select(CsvText.Field), N(g.Loans), N(g.DefaultedLoans), N(g.Ead), N(g.PvRevenue), N(g.PvEl),
                N(g.PvEc), N(g.PvReturn), N(g.NpvEva), N(g.LifetimeRaroc)]);
        }
    }

    private static void WriteSchedule(OutputDirectory output, LifetimeResult r)
    {
        var s = r.Schedule!;
        using var w = output.CreateText("schedule.csv");
        w.Write("loan_id,year,year_fraction,balance,ead,performing_share,el,ec,revenue,cost,return,eva,discount_factor\n");
        for (int k = 0; k < s.Count; k++)
        {
            CsvText.WriteLine(w, CsvText.Field(r.Book.LoanId[s.LoanIndex[k]]), N(s.Year[k]), N(s.YearFraction[k]), N(s.Balance[k]), N(s.Ead[k]),
                N(s.PerformingShare[k]), N(s.El[k]), N(s.Ec[k]), N(s.Revenue[k]), N(s.Cost[k]), N(s.Return[k]), N(s.Eva[k]), N(s.DiscountFactor[k]));
        }
    }

    private static void WriteSummary(OutputDirectory output, LifetimeResult r, string source, bool termFromRemaining)
    {
        using var stream = output.Create("summary.json");
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("source", source);
        json.WriteNumber("loans", r.Count);
        json.WriteNumber("valued", r.Total.Loans);
        json.WriteNumber("defaulted_at_start", r.DefaultedLoans);
        json.WriteNumber("no_break_even", r.NoBreakEvenLoans);
        json.WriteBoolean("term_from_remaining_term", termFromRemaining);
        json.WriteStartObject("total");
        Number(json, "ead", r.Total.Ead);
        Number(json, "pv_revenue", r.Total.PvRevenue);
        Number(json, "pv_el", r.Total.PvEl);
        Number(json, "pv_ec", r.Total.PvEc);
        Number(json, "pv_return", r.Total.PvReturn);
        Number(json, "npv_eva", r.Total.NpvEva);
        Number(json, "lifetime_raroc", r.Total.LifetimeRaroc);
        json.WriteEndObject();
        json.WriteStartArray("no_break_even_loans");
        foreach (var (loan, reason) in r.BreakEvenFailures.Take(DataValidationException.MaxListed))
        {
            json.WriteStartObject();
            json.WriteString("loan_id", r.Book.LoanId[loan]);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteManifest(OutputDirectory output, LifetimeJobOptions o, bool termFromRemaining)
    {
        using var stream = output.Create("manifest.json");
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        OutputDirectory.WriteToolAndTime(json, "valuecore lifetime", o.Timestamp);
        json.WriteStartArray("inputs");
        foreach (var (role, path) in o.Inputs.Prepend(("book", o.BookPath)))
        {
            json.WriteStartObject();
            json.WriteString("role", role);
            json.WriteString("file", Path.GetFileName(path));
            json.WriteString("sha256", OutputDirectory.Sha256(path));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        var l = o.Lifetime;
        var p = l.Valuation.Profitability;
        json.WriteStartObject("parameters");
        Number(json, "hurdle", p.Hurdle);
        Number(json, "tax", p.TaxRate);
        Number(json, "capital_rate", p.CapitalRate);
        Number(json, "confidence", l.Valuation.Irb.Confidence);
        json.WriteString("regime", l.Valuation.Irb.Regime == Capital.CapitalRegime.Basel3 ? "basel3" : "basel2");
        if (l.DiscountRate is double d)
        {
            Number(json, "discount", d);
        }
        else
        {
            json.WriteString("discount", "hurdle");
        }

        json.WriteNumber("payments_per_year", l.PaymentsPerYear);
        json.WriteString("credit_states", l.Matrix is null ? "flat pd" : "matrix " + l.Matrix.States);
        json.WriteBoolean("term_from_remaining_term", termFromRemaining);
        foreach (var (name, value) in o.Parameters)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        ValuationManifest.WriteGroupings(json, o.GroupBy);
        output.WriteFileList(json);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string N(double value) => CsvText.Number(value);
}
