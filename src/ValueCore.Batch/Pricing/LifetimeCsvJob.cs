using System.Globalization;
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
    private const string Repayment = "repayment";

    /// <summary>Runs the job.</summary>
    /// <param name="options">Inputs, settings and output folder.</param>
    /// <returns>The valuation and its groups.</returns>
    /// <exception cref="DataValidationException">A row breaks a rule of the loan book or of the lifetime model; all are listed by line.</exception>
    /// <exception cref="FileNotFoundException">The book does not exist.</exception>
    public static LifetimeJobSummary Run(LifetimeJobOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string source = options.Csv.SourceName ?? Path.GetFileName(options.BookPath);
        var (result, termFromRemaining) = Value(options.BookPath, options.Csv, options.Lifetime, source,
            options.GroupBy.SelectMany(g => g).Where(c => !LoanBookBuilder.IsStandard(c)));
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

    /// <summary>Reads a book as the lifetime model reads it (<see cref="Columns"/>) and values it.</summary>
    internal static (LifetimeResult Result, bool TermFromRemaining) Value(string bookPath, LoanBookCsvOptions csv, LifetimeOptions lifetime, string source,
        IEnumerable<string> attributes)
    {
        var columns = Columns(bookPath, csv);
        var lines = new List<long>();
        var book = LoanBookCsv.Read(bookPath, columns.Csv with { Attributes = [.. attributes.Concat(columns.Attributes).Distinct(StringComparer.Ordinal)], SourceName = source }, lines);
        book = Complete(book, columns, lines, source);
        try
        {
            return (LifetimeValuation.Run(book, lifetime), columns.TermFromRemaining);
        }
        catch (DataValidationException e)
        {
            throw AtLines(e, lines, source);
        }
    }

    /// <summary>The engine names records; the file's readers name physical lines.</summary>
    internal static DataValidationException AtLines(DataValidationException e, List<long> lines, string source) =>
        new(source, [.. e.Issues.Select(i => i with { Line = i.Line >= 1 && i.Line <= lines.Count ? lines[(int)i.Line - 1] : i.Line })], e.TotalIssues);

    /// <summary>The lifetime model's extra columns of a book: the term from <c>remaining_term</c> when there is no <c>term</c>,
    /// the repayment type from <c>amortisation</c> (or its alias <c>repayment</c>), and <c>payments_per_year</c>.</summary>
    /// <exception cref="DataValidationException">The book gives both amortisation and repayment.</exception>
    internal static LifetimeBookColumns Columns(string bookPath, LoanBookCsvOptions csv)
    {
        var header = LoanBookCsv.ReadHeader(bookPath, csv);
        bool Has(string name) => header.Any(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
        bool termFromRemaining = !Has(LoanColumns.Term) && !csv.ColumnMap.ContainsKey(LoanColumns.Term) && Has(RemainingTerm);
        if (termFromRemaining)
        {
            csv = csv with { ColumnMap = new Dictionary<string, string>(csv.ColumnMap, StringComparer.Ordinal) { [LoanColumns.Term] = RemainingTerm } };
        }

        string? amortisation = csv.ColumnMap.GetValueOrDefault(LoanColumns.Amortisation);
        if (amortisation is null && Has(LoanColumns.Amortisation) && Has(Repayment))
        {
            throw new DataValidationException(csv.SourceName ?? Path.GetFileName(bookPath),
                [DataIssue.Header(Repayment, "", "is an alias of amortisation and the book gives both: keep one column")], 1);
        }

        amortisation ??= Has(LoanColumns.Amortisation) ? LoanColumns.Amortisation : Has(Repayment) ? Repayment : null;
        string? payments = csv.ColumnMap.GetValueOrDefault(LoanColumns.PaymentsPerYear) ?? (Has(LoanColumns.PaymentsPerYear) ? LoanColumns.PaymentsPerYear : null);
        return new LifetimeBookColumns(csv, termFromRemaining, amortisation, payments);
    }

    /// <summary>Parses the repayment type and payments a year of a book read with <see cref="LifetimeBookColumns.Attributes"/>.</summary>
    /// <exception cref="DataValidationException">A value is not a repayment type, or not a whole number dividing 12; all listed by line.</exception>
    internal static LoanBook Complete(LoanBook book, LifetimeBookColumns columns, List<long> lines, string source)
    {
        if (columns.Amortisation is string amortisation)
        {
            book.WithFtpTerms(Amortisations(book, amortisation, columns.Csv, lines, source), null);
        }

        if (columns.PaymentsPerYear is string payments)
        {
            book.WithPaymentsPerYear(PaymentsPerYear(book, payments, lines, source));
        }

        return book;
    }

    private static int[] PaymentsPerYear(LoanBook book, string column, List<long> lines, string source)
    {
        var labels = book.TextColumn(column);
        var result = new int[book.Count];
        var issues = new List<DataIssue>();
        long total = 0;
        for (int i = 0; i < result.Length; i++)
        {
            string label = labels[i];
            if (label.Length == 0)
            {
                continue; // the run's setting
            }

            if (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && LoanRules.PaymentsPerYear(v) is null)
            {
                result[i] = (int)v;
                continue;
            }

            total++;
            if (issues.Count < DataValidationException.MaxListed)
            {
                issues.Add(new DataIssue(lines[i], column, label, LoanRules.PaymentsPerYear(double.NaN)!));
            }
        }

        return total > 0 ? throw new DataValidationException(source, issues, total) : result;
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
            json.WriteString("file", InputRecord.FileOf(path));
            InputRecord.WriteSha256(json, path);
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
