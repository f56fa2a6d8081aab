using System.Globalization;
using ValueCore.Risk.Operational;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>Reads operational loss events: CSV with columns <c>year,loss</c> (net loss after recoveries, &gt;= 0) and
/// optionally <c>gross_loss</c> (&gt;= loss; compared with the threshold; the net loss is used when absent).</summary>
public static class OperationalLossCsv
{
    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The loss events in file order.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static IReadOnlyList<OperationalLoss> Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads and validates the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>The loss events in file order.</returns>
    /// <exception cref="DataValidationException">The text breaks a rule; every problem is listed.</exception>
    public static IReadOnlyList<OperationalLoss> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new DataIssueCollector(source);
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, ["year", "loss"], ["gross_loss"]);
        bool hasGross = map.ContainsKey("gross_loss");
        var losses = new List<OperationalLoss>();
        while (records.TryRead(out var r))
        {
            if (CsvRecords.IsBlank(r))
            {
                issues.Add(r.Line, "", "", "is blank (blank lines are not allowed)");
                continue;
            }

            if (r.Fields.Length != map.Count)
            {
                issues.Add(r.Line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {r.Fields.Length} fields; the header has {map.Count}"));
                continue;
            }

            string yearText = CsvHeader.Text(r, map, "year");
            bool ok = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out int year);
            if (!ok)
            {
                issues.Add(r.Line, "year", yearText, "is not a year (a whole number)");
            }

            if (CsvHeader.TryAmount(r, map, "loss", issues, out double net, nonNegative: true))
            {
                if (net < 0.0)
                {
                    issues.Add(r.Line, "loss", CsvHeader.Text(r, map, "loss"), "is negative; a loss event is recorded as a non-negative net loss");
                    ok = false;
                }
            }
            else
            {
                ok = false;
            }

            double gross = net;
            if (hasGross)
            {
                if (CsvHeader.TryAmount(r, map, "gross_loss", issues, out gross, nonNegative: true))
                {
                    if (gross < net)
                    {
                        issues.Add(r.Line, "gross_loss", CsvHeader.Text(r, map, "gross_loss"), "is below the net loss (recoveries cannot be negative)");
                        ok = false;
                    }
                }
                else
                {
                    ok = false;
                }
            }

            if (ok)
            {
                losses.Add(new OperationalLoss(year, net, gross));
            }
        }

        issues.ThrowIfAny();
        return losses;
    }
}
