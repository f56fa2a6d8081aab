using System.Globalization;
using ValueCore.Capital.MonteCarlo;
using ValueCore.IO.Csv;

namespace ValueCore.IO.MonteCarlo;

/// <summary>
/// Reads a factor file: header <c>type,key,F1,...,FK</c>; rows of type <c>correlation</c> (key = factor name, in header
/// order, giving the row of Sigma), <c>segment</c> (key = segment, loadings) and <c>customer</c> (key = customer id, loadings).
/// </summary>
public static class FactorFileCsv
{
    /// <summary>Reads and validates a factor model.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The model.</returns>
    /// <exception cref="DataValidationException">A row or the matrix breaks a rule; every problem is listed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static FactorModel Read(string path)
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

        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        var records = new List<CsvRecord>();
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 12))
        {
            var reader = new CsvRecords(stream) { Malformed = (line, rule) => Report(line, "", "", rule) };
            while (reader.TryRead(out var record))
            {
                records.Add(record);
            }
        }

        if (records.Count > 0 && records[0].Fields.Length > 0)
        {
            records[0].Fields[0] = records[0].Fields[0].TrimStart('\uFEFF');
            HeaderMap.CheckSeparator(source, records[0].Fields, (byte)',');
        }

        if (records.Count == 0 || records[0].Fields is not [var typeColumn, var keyColumn, _, ..]
            || !typeColumn.Equals("type", StringComparison.OrdinalIgnoreCase) || !keyColumn.Equals("key", StringComparison.OrdinalIgnoreCase))
        {
            throw new DataValidationException(source, [new DataIssue(1, "", "", "the header must be type,key,<factor names...>")], 1);
        }

        var names = records[0].Fields.Skip(2).ToArray();
        int k = names.Length;
        int rows = records.Skip(1).Count(r => !IsEmpty(r) && r.Fields.Length == k + 2);
        if (rows < k)
        {
            // Each factor needs its correlation row, as wide as the header: reject before allocating k x k cells, so
            // memory stays in proportion to the file (a header of 100,000 factors must not ask for 80 GB).
            throw new DataValidationException(source, [new DataIssue(1, "", string.Create(CultureInfo.InvariantCulture, $"{k} factors"),
                string.Create(CultureInfo.InvariantCulture, $"the header names {k} factors but the file has {rows} rows of {k + 2} fields: each factor needs its correlation row"))], 1);
        }

        var sigma = new double[k, k];
        var rowSeen = new long[k];
        var segment = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var customer = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var lineOf = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int li = 1; li < records.Count; li++)
        {
            long lineNo = records[li].Line;
            var fields = records[li].Fields;
            if (IsEmpty(records[li]))
            {
                continue;
            }

            if (fields.Length != k + 2)
            {
                Report(lineNo, "", "", string.Create(CultureInfo.InvariantCulture, $"has {fields.Length} fields; expected {k + 2}"));
                continue;
            }

            var values = new double[k];
            bool ok = true;
            for (int j = 0; j < k; j++)
            {
                if (!CsvText.TryParseNumber(fields[j + 2], out values[j]))
                {
                    Report(lineNo, names[j], fields[j + 2], "is not a number");
                    ok = false;
                }
            }

            string type = fields[0], key = fields[1];
            switch (type)
            {
                case "correlation":
                    int row = Array.IndexOf(names, key);
                    if (row < 0)
                    {
                        Report(lineNo, "key", key, "is not a factor named in the header");
                    }
                    else if (rowSeen[row] > 0)
                    {
                        Report(lineNo, "key", key, string.Create(CultureInfo.InvariantCulture, $"repeats the correlation row of line {rowSeen[row]}"));
                    }
                    else
                    {
                        rowSeen[row] = lineNo;
                        for (int j = 0; j < k; j++)
                        {
                            sigma[row, j] = values[j];
                        }
                    }

                    break;
                case "segment" or "customer":
                    var target = type == "segment" ? segment : customer;
                    if (key.Length == 0 || !lineOf.TryAdd(type + "\u001f" + key, lineNo))
                    {
                        Report(lineNo, "key", key, key.Length == 0 ? "must not be empty" : "is repeated");
                    }
                    else if (ok)
                    {
                        target[key] = values;
                    }

                    break;
                default:
                    Report(lineNo, "type", type, "is not one of correlation|segment|customer");
                    break;
            }
        }

        for (int j = 0; j < k; j++)
        {
            if (rowSeen[j] == 0)
            {
                Report(1, names[j], names[j], "has no correlation row");
            }
        }

        if (total > 0)
        {
            throw new DataValidationException(source, issues, total);
        }

        try
        {
            return FactorModel.Create(names, sigma, segment, customer);
        }
        catch (ArgumentException e)
        {
            throw new DataValidationException(source, [new DataIssue(1, "", "", e.Message)], 1);
        }
    }

    /// <summary>An empty line (the old line reader skipped them).</summary>
    private static bool IsEmpty(in CsvRecord r) => r.Fields is [""];
}
