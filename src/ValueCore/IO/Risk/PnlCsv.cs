using System.Globalization;
using ValueCore.Risk.Market;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>Reads P&amp;L scenario files: CSV with columns <c>scenario,unit,pnl</c>, one row per scenario and unit.</summary>
/// <remarks>Scenarios keep their first-appearance order (it breaks ties in the tail); units are sorted ordinally. Every
/// unit must have exactly one row for every scenario: duplicates and missing pairs are errors, never filled in.</remarks>
public static class PnlCsv
{
    private static readonly string[] s_required = ["scenario", "unit", "pnl"];

    /// <summary>Reads and validates a P&amp;L file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The scenario set.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static PnlScenarios Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads and validates P&amp;L text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>The scenario set.</returns>
    /// <exception cref="DataValidationException">The text breaks a rule; every problem is listed.</exception>
    public static PnlScenarios Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new DataIssueCollector(source);
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, s_required, []);
        int width = map.Count;
        var scenarioIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var scenarioLine = new List<long>();
        var scenarioNames = new List<string>();
        var unitIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<(int Scenario, int Unit, double Pnl, long Line)>();
        while (records.TryRead(out var r))
        {
            if (CsvRecords.IsBlank(r))
            {
                issues.Add(r.Line, "", "", "is blank (blank lines are not allowed)");
                continue;
            }

            if (r.Fields.Length != width)
            {
                issues.Add(r.Line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {r.Fields.Length} fields; the header has {width}"));
                continue;
            }

            string scenario = CsvHeader.Text(r, map, "scenario");
            string unit = CsvHeader.Text(r, map, "unit");
            bool ok = true;
            if (scenario.Length == 0)
            {
                issues.Add(r.Line, "scenario", "", "is empty");
                ok = false;
            }

            if (unit.Length == 0)
            {
                issues.Add(r.Line, "unit", "", "is empty");
                ok = false;
            }

            bool valid = CsvHeader.TryAmount(r, map, "pnl", issues, out double pnl);
            if (!ok)
            {
                continue;
            }

            if (!scenarioIndex.TryGetValue(scenario, out int s))
            {
                s = scenarioIndex.Count;
                scenarioIndex.Add(scenario, s);
                scenarioLine.Add(r.Line);
                scenarioNames.Add(scenario);
            }

            if (!unitIndex.TryGetValue(unit, out int u))
            {
                u = unitIndex.Count;
                unitIndex.Add(unit, u);
            }

            // A row whose P&L is not a number still names its scenario and unit, so the shape checks below see it.
            rows.Add((s, u, valid ? pnl : double.NaN, r.Line));
        }

        if (rows.Count == 0)
        {
            if (issues.Count == 0)
            {
                issues.Add(1, "", "", "has no data rows");
            }

            issues.ThrowIfAny();
        }

        int n = scenarioIndex.Count, nu = unitIndex.Count;
        var units = unitIndex.Keys.Order(StringComparer.Ordinal).ToArray();
        var sortedIndex = new int[nu];
        for (int i = 0; i < units.Length; i++)
        {
            sortedIndex[unitIndex[units[i]]] = i;
        }

        var matrix = new double[checked(nu * n)];
        var firstLine = new long[nu * n];
        foreach (var (s, u, pnl, line) in rows)
        {
            int k = (sortedIndex[u] * n) + s;
            if (firstLine[k] != 0)
            {
                issues.Add(line, "unit", units[sortedIndex[u]], string.Create(CultureInfo.InvariantCulture,
                    $"has a second row for scenario {scenarioNames[s]} (first on line {firstLine[k]})"));
                continue;
            }

            firstLine[k] = line;
            matrix[k] = pnl;
        }

        for (int u = 0; u < nu; u++)
        {
            for (int s = 0; s < n; s++)
            {
                if (firstLine[(u * n) + s] == 0)
                {
                    issues.Add(scenarioLine[s], "unit", units[u], string.Create(CultureInfo.InvariantCulture,
                        $"has no row for scenario {scenarioNames[s]} (first seen on this line): every unit needs one P&L per scenario"));
                }
            }
        }

        issues.ThrowIfAny();
        return PnlScenarios.Create(units, n, matrix);
    }
}
