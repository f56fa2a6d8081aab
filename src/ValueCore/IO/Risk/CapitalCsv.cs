using System.Globalization;

namespace ValueCore.IO.Risk;

/// <summary>Reads <c>capital.csv</c>: columns <c>unit,risk_type,ec</c>, EC &gt;= 0, one row per unit and risk type.</summary>
public static class CapitalCsv
{
    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static CapitalTable Read(string path)
    {
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads and validates the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>The table.</returns>
    /// <exception cref="DataValidationException">The text breaks a rule; every problem is listed.</exception>
    public static CapitalTable Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new IssueList(source);
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, ["unit", "risk_type", "ec"], []);
        var units = new Dictionary<string, int>(StringComparer.Ordinal);
        var types = new Dictionary<string, int>(StringComparer.Ordinal);
        var typeLines = new Dictionary<string, long>(StringComparer.Ordinal);
        var unitNames = new List<string>();
        var typeNames = new List<string>();
        var seen = new Dictionary<(int, int), long>();
        var rows = new List<(int, int, double, long)>();
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

            string unit = CsvHeader.Text(r, map, "unit");
            string type = CsvHeader.Text(r, map, "risk_type");
            bool ok = true;
            if (unit.Length == 0)
            {
                issues.Add(r.Line, "unit", "", "is empty");
                ok = false;
            }

            if (type.Length == 0)
            {
                issues.Add(r.Line, "risk_type", "", "is empty");
                ok = false;
            }

            if (CsvHeader.TryNumber(r, map, "ec", issues, out double ec))
            {
                if (ec < 0.0)
                {
                    issues.Add(r.Line, "ec", CsvHeader.Text(r, map, "ec"), "is negative; economic capital is >= 0");
                    ok = false;
                }
            }
            else
            {
                ok = false;
            }

            if (!ok)
            {
                continue;
            }

            if (!units.TryGetValue(unit, out int u))
            {
                u = units.Count;
                units.Add(unit, u);
                unitNames.Add(unit);
            }

            if (!types.TryGetValue(type, out int t))
            {
                t = types.Count;
                types.Add(type, t);
                typeNames.Add(type);
                typeLines.Add(type, r.Line);
            }

            if (!seen.TryAdd((u, t), r.Line))
            {
                issues.Add(r.Line, "risk_type", type, string.Create(CultureInfo.InvariantCulture,
                    $"is repeated for unit {unit} (first on line {seen[(u, t)]})"));
                continue;
            }

            rows.Add((u, t, ec, r.Line));
        }

        if (rows.Count == 0 && issues.Count == 0)
        {
            issues.Add(1, "", "", "has no data rows");
        }

        issues.ThrowIfAny();
        return new CapitalTable(unitNames, typeNames, rows, typeLines);
    }
}
