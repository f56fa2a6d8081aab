using System.Globalization;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>Reads a by-unit results file (e.g. the by-unit output of <c>valuecore raroc</c>): it needs the columns <c>unit</c> and
/// <c>return</c> (the after-tax risk-adjusted return per year, in currency); other columns are ignored.</summary>
public static class UnitReturnsCsv
{
    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>Each unit's return and its line, in file order.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static IReadOnlyList<(string Unit, double Return, long Line)> Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads and validates the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>Each unit's return and its line, in file order.</returns>
    /// <exception cref="DataValidationException">The text breaks a rule; every problem is listed.</exception>
    public static IReadOnlyList<(string Unit, double Return, long Line)> Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new DataIssueCollector(source);
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, ["unit", "return"], []);
        var rows = new List<(string, double, long)>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        int width = map.Values.Max() + 1;
        while (records.TryRead(out var r))
        {
            if (CsvRecords.IsBlank(r))
            {
                issues.Add(r.Line, "", "", "is blank (blank lines are not allowed)");
                continue;
            }

            if (r.Fields.Length < width)
            {
                issues.Add(r.Line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {r.Fields.Length} fields; the header has {width}"));
                continue;
            }

            string unit = CsvHeader.Text(r, map, "unit");
            if (unit.Length == 0)
            {
                issues.Add(r.Line, "unit", "", "is empty");
                continue;
            }

            if (!CsvHeader.TryAmount(r, map, "return", issues, out double ret))
            {
                continue;
            }

            if (!seen.TryAdd(unit, r.Line))
            {
                issues.Add(r.Line, "unit", unit, string.Create(CultureInfo.InvariantCulture, $"is repeated (first on line {seen[unit]})"));
                continue;
            }

            rows.Add((unit, ret, r.Line));
        }

        issues.ThrowIfAny();
        return rows;
    }
}
