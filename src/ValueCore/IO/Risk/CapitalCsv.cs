using System.Globalization;
using ValueCore.Risk.Aggregation;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>
/// Reads <c>capital.csv</c>: columns <c>unit,risk_type,ec</c>, EC &gt;= 0, one row per unit and risk type; optionally
/// <c>measure,confidence,horizon_years</c> (all three or none), the measure each row's EC is stated on.
/// </summary>
/// <remarks>With the measure columns every row must fill them: <c>measure</c> <c>var</c> or <c>es</c>, <c>confidence</c> in
/// (0.5, 1), <c>horizon_years</c> &gt; 0. A file without them is read as before, and states no measure
/// (<see cref="CapitalTable.StatesMeasure"/> false): one common measure is then assumed by whoever aggregates it.</remarks>
public static class CapitalCsv
{
    private static readonly string[] s_measureColumns = ["measure", "confidence", "horizon_years"];

    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The table.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static CapitalTable Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
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
        var issues = new DataIssueCollector(source);
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, ["unit", "risk_type", "ec"], s_measureColumns);
        var present = s_measureColumns.Where(map.ContainsKey).ToArray();
        if (present.Length is > 0 and < 3)
        {
            var missing = s_measureColumns.Where(c => !map.ContainsKey(c));
            issues.Add(1, "", "", $"the measure columns {string.Join(", ", s_measureColumns)} come together: the header has {string.Join(", ", present)} but not {string.Join(", ", missing)}");
            issues.ThrowIfAny();
        }

        bool statesMeasure = present.Length == 3;
        var measures = new List<CapitalMeasure>();
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

            if (CsvHeader.TryAmount(r, map, "ec", issues, out double ec, nonNegative: true))
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

            var measure = default(CapitalMeasure);
            if (statesMeasure && !TryMeasure(r, map, issues, out measure))
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
            measures.Add(measure);
        }

        if (rows.Count == 0 && issues.Count == 0)
        {
            issues.Add(1, "", "", "has no data rows");
        }

        issues.ThrowIfAny();
        return new CapitalTable(unitNames, typeNames, rows, typeLines, statesMeasure ? measures : null);
    }

    private static bool TryMeasure(in CsvRecord r, Dictionary<string, int> map, DataIssueCollector issues, out CapitalMeasure measure)
    {
        measure = default;
        bool ok = true;
        string kindText = CsvHeader.Text(r, map, "measure");
        if (!CapitalMeasure.TryParseKind(kindText, out var kind))
        {
            issues.Add(r.Line, "measure", kindText, "must be var or es");
            ok = false;
        }

        if (CsvHeader.TryNumber(r, map, "confidence", issues, out double q))
        {
            if (!(q > 0.5 && q < 1.0))
            {
                issues.Add(r.Line, "confidence", CsvHeader.Text(r, map, "confidence"), "must be in (0.5, 1) (a fraction, e.g. 0.999)");
                ok = false;
            }
        }
        else
        {
            ok = false;
        }

        if (CsvHeader.TryNumber(r, map, "horizon_years", issues, out double h))
        {
            if (!(h > 0.0))
            {
                issues.Add(r.Line, "horizon_years", CsvHeader.Text(r, map, "horizon_years"), "must be > 0 (years, e.g. 1 or 10/250 = 0.04)");
                ok = false;
            }
        }
        else
        {
            ok = false;
        }

        if (ok)
        {
            measure = new CapitalMeasure(kind, q, h);
        }

        return ok;
    }
}
