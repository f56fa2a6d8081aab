using System.Globalization;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>Reads a square correlation matrix: header <c>risk_type,T1,...,Tn</c> (or <c>unit:risk_type,U:T,...</c> for a matrix over
/// unit-and-type cells), then one row per label, in header order, starting with the label.</summary>
public static class CorrelationCsv
{
    /// <summary>The first header cell of a matrix over risk types.</summary>
    public const string TypeLabelColumn = "risk_type";

    /// <summary>The first header cell of a matrix over unit-and-type cells (labels <c>unit:risk_type</c>).</summary>
    public const string CellLabelColumn = "unit:risk_type";

    /// <summary>Reads the file (the layout is checked; the correlation rules are checked by <see cref="CorrelationData.ToValidated"/>).</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The matrix as read.</returns>
    /// <exception cref="DataValidationException">The layout is wrong or an element is not a number; every problem is listed.</exception>
    public static CorrelationData Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>The matrix as read.</returns>
    /// <exception cref="DataValidationException">The layout is wrong or an element is not a number; every problem is listed.</exception>
    public static CorrelationData Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new DataIssueCollector(source);
        var records = new CsvRecords(reader) { Malformed = (line, rule) => issues.Add(line, "", "", rule) };
        if (!records.TryRead(out var header))
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
            issues.ThrowIfAny();
        }

        string first = header.Fields[0].Trim().TrimStart('\uFEFF');
        ValueCore.IO.Csv.HeaderMap.CheckSeparator(source, [first, .. header.Fields.Skip(1)], (byte)',');
        if (first.Equals(TypeLabelColumn, StringComparison.OrdinalIgnoreCase) || first.Equals(CellLabelColumn, StringComparison.OrdinalIgnoreCase))
        {
            first = first.ToLowerInvariant();
        }

        if (first is not (TypeLabelColumn or CellLabelColumn))
        {
            issues.Add(1, "", first, $"must start with '{TypeLabelColumn}' (a matrix over risk types) or '{CellLabelColumn}' (over unit-and-type cells)");
        }

        var labels = header.Fields.Skip(1).Select(f => f.Trim()).ToArray();
        int n = labels.Length;
        if (n == 0)
        {
            issues.Add(1, "", "", "names no variables after the first column");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var l in labels)
        {
            if (l.Length == 0)
            {
                issues.Add(1, "", "", "has an empty label");
            }
            else if (!seen.Add(l))
            {
                issues.Add(1, l, l, "is a repeated label");
            }
        }

        issues.ThrowIfAny();
        var values = new double[n * n];
        var lines = new long[n];
        int row = 0;
        while (records.TryRead(out var r))
        {
            if (CsvRecords.IsBlank(r))
            {
                issues.Add(r.Line, "", "", "is blank (blank lines are not allowed)");
                continue;
            }

            if (row >= n)
            {
                issues.Add(r.Line, first, r.Fields[0], string.Create(CultureInfo.InvariantCulture, $"is an extra row: the header names {n} variables"));
                continue;
            }

            if (r.Fields.Length != n + 1)
            {
                issues.Add(r.Line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {r.Fields.Length} fields; the header has {n + 1}"));
                row++;
                continue;
            }

            string label = r.Fields[0].Trim();
            if (label != labels[row])
            {
                issues.Add(r.Line, first, label, string.Create(CultureInfo.InvariantCulture,
                    $"must be '{labels[row]}': rows follow the header's order (row {row + 1})"));
            }

            lines[row] = r.Line;
            for (int j = 0; j < n; j++)
            {
                string text = r.Fields[j + 1].Trim();
                if (!CsvText.TryParseNumber(text, out values[(row * n) + j]))
                {
                    issues.Add(r.Line, labels[j], text, "is not a finite number ('.' decimal separator)");
                }
            }

            row++;
        }

        if (row < n)
        {
            issues.Add(1, "", "", string.Create(CultureInfo.InvariantCulture, $"names {n} variables but the file has {row} rows (the matrix must be square)"));
        }

        issues.ThrowIfAny();
        return new CorrelationData(source, first, labels, values, lines);
    }
}
