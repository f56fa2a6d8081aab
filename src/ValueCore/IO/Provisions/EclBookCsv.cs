using System.Globalization;
using System.Text;
using ValueCore.IO.Csv;
using ValueCore.Portfolio;
using ValueCore.Provisions;

namespace ValueCore.IO.Provisions;

/// <summary>Reads an <see cref="EclBook"/> from a loan-book CSV with the provisioning columns of docs/provisions.md
/// (<c>eir</c>, <c>amortisation</c>, <c>term</c> or its alias <c>remaining_term</c> or <c>maturity_date</c>, and the optional
/// <c>stage</c>, <c>dpd</c>, <c>pd_origination</c>, <c>impairment</c>, <c>ecl_lgd</c>), with the rules of <c>valuecore provision ecl</c>.</summary>
/// <remarks>The whole book is read and checked in one pass; every problem is listed with its physical line, column, value and
/// rule in one <see cref="DataValidationException"/>. Column names may be mapped by <see cref="LoanBookCsvOptions.ColumnMap"/>,
/// the provisioning columns included.</remarks>
public static class EclBookCsv
{
    private const string Term = "term", TermAlias = "remaining_term", Maturity = "maturity_date";
    private static readonly string[] s_columns = ["eir", "amortisation", Term, TermAlias, Maturity, "stage", "dpd", "pd_origination", "impairment", "ecl_lgd"];

    /// <summary>Reads a book from a file.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="options">How to read it (<see cref="EclBookCsvOptions.Default"/> for the defaults).</param>
    /// <returns>The book, loans in file order.</returns>
    /// <exception cref="DataValidationException">The file is empty, lacks a needed column, or a row breaks a rule (all are listed).</exception>
    /// <exception cref="ArgumentException">The book gives maturity_date and the options no reporting date.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static EclBook Read(string path, EclBookCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        using var stream = Sources.BookSource.OpenRead(path, 1 << 16);
        return Read(stream, options.Csv.SourceName is null ? options with { Csv = options.Csv with { SourceName = Path.GetFileName(path) } } : options);
    }

    /// <summary>Reads a book from a stream of UTF-8 CSV text.</summary>
    /// <param name="stream">The CSV text (read to its end; not closed).</param>
    /// <param name="options">How to read it (<see cref="EclBookCsvOptions.Default"/> for the defaults). Messages name <see cref="LoanBookCsvOptions.SourceName"/> (default "book").</param>
    /// <returns>The book, loans in file order.</returns>
    /// <exception cref="DataValidationException">The text is empty, lacks a needed column, or a row breaks a rule (all are listed).</exception>
    /// <exception cref="ArgumentException">The book gives maturity_date and the options no reporting date.</exception>
    public static EclBook Read(Stream stream, EclBookCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(options);
        string source = options.Csv.SourceName ?? "book";
        Stream input = stream;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            input = copy;
        }

        // The header decides which provisioning columns are carried (by their names in the file).
        long start = input.Position;
        var header = LoanBookCsv.ReadHeader(input, options.Csv);
        input.Position = start;
        var map = options.Csv.ColumnMap;
        string Name(string column) => map.TryGetValue(column, out var mapped) ? mapped : column;
        var present = new HashSet<string>(header, StringComparer.OrdinalIgnoreCase); // headers match ignoring case
        var loanMap = map.Where(p => !s_columns.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var csv = options.Csv with
        {
            ColumnMap = loanMap,
            Attributes = [.. options.Csv.Attributes, .. s_columns.Select(Name).Where(present.Contains).Distinct(StringComparer.Ordinal)],
        };
        var lines = new List<long>();
        var book = LoanBookCsv.Read(input, source, csv, lines);
        return Parse(book, lines, source, options, Name);
    }

    private static EclBook Parse(LoanBook book, List<long> lines, string source, EclBookCsvOptions o, Func<string, string> name)
    {
        var issues = new List<DataIssue>();
        int n = book.Count;
        string[]? Text(string column) => book.TryGetTextColumn(name(column), out var values) ? [.. values] : null;
        var eirText = Text("eir");
        var eir = Numbers(eirText, lines, name("eir"), issues, ProvisionRules.Eir, ProvisionRules.EirRule);
        if (eirText is null)
        {
            issues.Add(DataIssue.Header("", "", "the book has no eir column (needed for discounting)"));
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                if (eirText[i].Length == 0)
                {
                    issues.Add(new DataIssue(lines[i], name("eir"), "", "is empty: discounting needs the effective interest rate"));
                }
            }
        }

        var term = Text(Term);
        string termName = name(Term);
        if (Text(TermAlias) is { } alias)
        {
            if (term is not null)
            {
                issues.Add(DataIssue.Header(name(TermAlias), "", $"the book has both {Term} and {TermAlias} (an alias of {Term}): keep one"));
            }
            else
            {
                (term, termName) = (alias, name(TermAlias));
            }
        }

        var maturity = Text(Maturity);
        if (term is null && maturity is null)
        {
            issues.Add(DataIssue.Header("", "", $"the book needs a {Term} (years; alias {TermAlias}) or a {Maturity} column"));
        }
        else if (term is null && o.AsOf is null)
        {
            throw new ArgumentException($"The book gives {Maturity}: reading it needs the reporting date (AsOf).", nameof(o));
        }

        var remaining = new double[n];
        for (int i = 0; i < n && (term is not null || maturity is not null); i++)
        {
            if (term is not null && term[i].Length > 0)
            {
                if (!CsvText.TryParseNumber(term[i], out double t) || ProvisionRules.RemainingYears(t) is not null)
                {
                    issues.Add(new DataIssue(lines[i], termName, term[i], ProvisionRules.RemainingRule));
                }

                remaining[i] = t;
            }
            else if (maturity is not null && maturity[i].Length > 0 && o.AsOf is DateOnly asOf)
            {
                if (!DateOnly.TryParseExact(maturity[i], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var md))
                {
                    issues.Add(new DataIssue(lines[i], name(Maturity), maturity[i], "must be a date yyyy-MM-dd"));
                }
                else if (md <= asOf)
                {
                    issues.Add(new DataIssue(lines[i], name(Maturity), maturity[i], FormattableString.Invariant($"is not after the reporting date {asOf:yyyy-MM-dd}")));
                }
                else if ((remaining[i] = (md.DayNumber - asOf.DayNumber) / ProvisionRules.DaysPerYear) > ProvisionRules.MaxRemainingYears)
                {
                    issues.Add(new DataIssue(lines[i], name(Maturity), maturity[i], "is more than 100 years after the reporting date"));
                }
            }
            else
            {
                issues.Add(new DataIssue(lines[i], term is not null ? termName : name(Maturity), "", "is empty: the remaining term is needed"));
            }
        }

        var profile = new EadProfile[n];
        if (Text("amortisation") is { } am)
        {
            for (int i = 0; i < n; i++)
            {
                if (!ProvisionRules.TryProfile(Encoding.UTF8.GetBytes(am[i]), out profile[i]))
                {
                    issues.Add(new DataIssue(lines[i], name("amortisation"), am[i], ProvisionRules.ProfileRule));
                }
            }
        }
        else if (o.Amortisation is EadProfile fallback)
        {
            Array.Fill(profile, fallback);
        }
        else
        {
            issues.Add(DataIssue.Header("", "", "the book has no amortisation column and no default amortisation profile is given"));
        }

        var stage = new int?[n];
        if (Text("stage") is { } st)
        {
            for (int i = 0; i < n; i++)
            {
                if (st[i] is "1" or "2" or "3")
                {
                    stage[i] = st[i][0] - '0';
                }
                else if (st[i].Length > 0)
                {
                    issues.Add(new DataIssue(lines[i], name("stage"), st[i], ProvisionRules.StageRule));
                }
            }
        }

        var dpd = Numbers(Text("dpd"), lines, name("dpd"), issues, ProvisionRules.DaysPastDue, ProvisionRules.DaysPastDueRule);
        var pdOrigination = Numbers(Text("pd_origination"), lines, name("pd_origination"), issues, ProvisionRules.Fraction, ProvisionRules.FractionRule);
        var impairment = Numbers(Text("impairment"), lines, name("impairment"), issues, ProvisionRules.Impairment, ProvisionRules.ImpairmentRule);
        var eclLgd = Numbers(Text("ecl_lgd"), lines, name("ecl_lgd"), issues, ProvisionRules.Fraction, ProvisionRules.FractionRule);
        if (issues.Count > 0)
        {
            issues.Sort((a, b) => a.Line.CompareTo(b.Line));
            throw new DataValidationException(source, [.. issues.Take(DataValidationException.MaxListed)], issues.Count);
        }

        return EclBook.Create(book.LoanId.ToArray(), book.Segment.ToArray(), book.Classification.ToArray(), book.Ead.ToArray(), book.Lgd.ToArray(),
            [.. eir!.Select(v => v!.Value)], profile, remaining, eclLgd, stage, dpd, pdOrigination, impairment);
    }

    /// <summary>The numbers of an optional column (null when the book lacks it; an empty cell is null), each checked by its rule.</summary>
    private static double?[]? Numbers(string[]? text, List<long> lines, string column, List<DataIssue> issues, Func<double, string?> rule, string range)
    {
        if (text is null)
        {
            return null;
        }

        var values = new double?[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i].Length == 0)
            {
                continue;
            }

            if (!CsvText.TryParseNumber(text[i], out double v))
            {
                issues.Add(new DataIssue(lines[i], column, text[i], range));
            }
            else if (rule(v) is string broken)
            {
                issues.Add(new DataIssue(lines[i], column, text[i], broken));
            }
            else
            {
                values[i] = v;
            }
        }

        return values;
    }
}
