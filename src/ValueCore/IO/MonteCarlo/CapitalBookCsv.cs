using System.Globalization;
using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.IO.MonteCarlo;

/// <summary>
/// Reads a loan-book CSV (the columns of <see cref="LoanColumns"/>; other columns are kept as text attributes for grouping)
/// into a <see cref="LoanBook"/>, reporting every problem with its physical line.
/// </summary>
/// <remarks>An interim reader for <c>valuecore capital</c> until the library's general loan-book reader is available;
/// required columns: loan_id, segment, asset_class, ead, pd, lgd, rate, ftp_rate; maturity for corporate, sovereign,
/// bank and sme loans.</remarks>
public static class CapitalBookCsv
{
    private static readonly string[] s_required = [LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.Ead,
        LoanColumns.Pd, LoanColumns.Lgd, LoanColumns.Rate, LoanColumns.FtpRate];

    private static readonly HashSet<string> s_numeric = new(StringComparer.Ordinal)
    {
        LoanColumns.Ead, LoanColumns.Pd, LoanColumns.Lgd, LoanColumns.Rate, LoanColumns.FtpRate, LoanColumns.Maturity,
        LoanColumns.Sales, LoanColumns.Fees, LoanColumns.Opex, LoanColumns.Beel,
    };

    /// <summary>Reads and validates a loan book.</summary>
    /// <param name="path">The CSV file (UTF-8, header row).</param>
    /// <returns>The book, loans in file order.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed with its line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LoanBook Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string source = Path.GetFileName(path);
        var issues = new List<DataIssue>();
        long total = 0;
        void Report(long line, string column, string value, string rule)
        {
            total++;
            if (issues.Count < DataValidationException.MaxListed)
            {
                issues.Add(new DataIssue(line, column, value, rule));
            }
        }

        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        string? header = reader.ReadLine();
        var fields = new List<string>();
        if (header is null || !CsvLineSplitter.TrySplit(header, fields))
        {
            throw new DataValidationException(source, [new DataIssue(1, "", "", "the header row is missing or malformed")], 1);
        }

        var names = fields.ToArray();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int c = 0; c < names.Length; c++)
        {
            if (!index.TryAdd(names[c], c))
            {
                Report(1, names[c], names[c], "is a repeated column name");
            }
        }

        foreach (var required in s_required.Where(r => !index.ContainsKey(r)))
        {
            Report(1, required, "", "is a required column that is missing");
        }

        if (total > 0)
        {
            throw new DataValidationException(source, issues, total);
        }

        var attributes = names.Where(n => !s_numeric.Contains(n) && !LoanBookBuilder.IsStandard(n)).ToArray();
        var builder = new LoanBookBuilder(attributes);
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        long lineNo = 1;
        string? line;
        var attrValues = new string[attributes.Length];
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (!CsvLineSplitter.TrySplit(line, fields) || fields.Count != names.Length)
            {
                Report(lineNo, "", "", string.Create(CultureInfo.InvariantCulture, $"has {fields.Count} fields; the header has {names.Length} (or a quote is not closed)"));
                continue;
            }

            string Text(string column) => index.TryGetValue(column, out int c) ? fields[c] : "";
            double Number(string column, double fallback, Func<double, string?> rule)
            {
                if (!index.TryGetValue(column, out int c) || fields[c].Length == 0)
                {
                    return fallback;
                }

                if (!CsvText.TryParseNumber(fields[c], out double v))
                {
                    Report(lineNo, column, fields[c], "is not a number");
                    return double.NaN;
                }

                string? broken = rule(v);
                if (broken is not null)
                {
                    Report(lineNo, column, fields[c], broken);
                }

                return v;
            }

            string id = Text(LoanColumns.LoanId);
            if (id.Length == 0)
            {
                Report(lineNo, LoanColumns.LoanId, id, "must not be empty");
            }
            else if (!seen.TryAdd(id, lineNo))
            {
                Report(lineNo, LoanColumns.LoanId, id, string.Create(CultureInfo.InvariantCulture, $"repeats line {seen[id]}"));
            }

            if (!LoanColumns.TryParseAssetClass(Text(LoanColumns.AssetClass), out var assetClass))
            {
                Report(lineNo, LoanColumns.AssetClass, Text(LoanColumns.AssetClass), "is not one of " + string.Join('|', LoanColumns.AssetClassLabels));
            }

            double Required(string column, Func<double, string?> rule)
            {
                if (Text(column).Length == 0)
                {
                    Report(lineNo, column, "", "is required");
                    return double.NaN;
                }

                return Number(column, double.NaN, rule);
            }

            double ead = Required(LoanColumns.Ead, LoanRules.Ead);
            double pd = Required(LoanColumns.Pd, LoanRules.Pd);
            double lgd = Required(LoanColumns.Lgd, LoanRules.UnitInterval);
            double rate = Required(LoanColumns.Rate, LoanRules.Rate);
            double ftp = Required(LoanColumns.FtpRate, LoanRules.Rate);
            double maturity = LoanRules.NeedsMaturity(assetClass) ? Required(LoanColumns.Maturity, LoanRules.Maturity)
                : Number(LoanColumns.Maturity, double.NaN, LoanRules.Maturity);
            double sales = Number(LoanColumns.Sales, IrbFormula.NoSales, LoanRules.Sales);
            double fees = Number(LoanColumns.Fees, 0.0, LoanRules.Amount);
            double opex = Number(LoanColumns.Opex, 0.0, LoanRules.Amount);
            double beel = Number(LoanColumns.Beel, double.NaN, LoanRules.UnitInterval);
            for (int a = 0; a < attributes.Length; a++)
            {
                attrValues[a] = Text(attributes[a]);
            }

            if (total > 0)
            {
                continue;
            }

            builder.Add(new Loan
            {
                LoanId = id,
                Segment = Text(LoanColumns.Segment),
                AssetClass = assetClass,
                Ead = ead,
                Pd = pd,
                Lgd = lgd,
                Rate = rate,
                FtpRate = ftp,
                MaturityYears = maturity,
                SalesEurMillions = sales,
                Fees = fees,
                Opex = opex,
                Beel = double.IsNaN(beel) ? null : beel,
                CustomerId = Text(LoanColumns.CustomerId),
                Product = Text(LoanColumns.Product),
                Classification = Text(LoanColumns.Classification),
            }, [.. attrValues]);
        }

        if (total > 0)
        {
            throw new DataValidationException(source, issues, total);
        }

        return builder.Build();
    }
}
