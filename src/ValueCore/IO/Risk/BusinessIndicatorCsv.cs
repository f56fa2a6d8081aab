using System.Globalization;
using ValueCore.Risk.Operational;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>
/// Reads the business-indicator file of <c>valuecore op-risk</c>: either components (<c>unit,ildc,sc,fc</c>, three-year
/// averages, each &gt;= 0) or items (<c>unit,year,interest_income,interest_expense,interest_earning_assets,dividend_income,
/// fee_income,fee_expense,other_operating_income,other_operating_expense,trading_book_pnl,banking_book_pnl</c>, the same
/// three consecutive years for every unit). The header decides which.
/// </summary>
public static class BusinessIndicatorCsv
{
    private static readonly string[] s_components = ["unit", "ildc", "sc", "fc"];

    private static readonly string[] s_items =
    [
        "unit", "year", "interest_income", "interest_expense", "interest_earning_assets", "dividend_income", "fee_income", "fee_expense",
        "other_operating_income", "other_operating_expense", "trading_book_pnl", "banking_book_pnl",
    ];

    /// <summary>Reads and validates the file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The units' input.</returns>
    /// <exception cref="DataValidationException">The file breaks a rule; every problem is listed.</exception>
    public static BusinessIndicatorData Read(string path)
    {
        ValueCore.IO.Csv.Utf8Check.ThrowIfInvalid(path); // the UTF-8 rule: never decoded with replacement characters
        using var reader = new StreamReader(path, CsvText.Utf8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, Path.GetFileName(path));
    }

    /// <summary>Reads and validates the text.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">The label used in messages (file name).</param>
    /// <returns>The units' input.</returns>
    /// <exception cref="DataValidationException">The text breaks a rule; every problem is listed.</exception>
    public static BusinessIndicatorData Read(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var issues = new DataIssueCollector(source);
        if (reader.Peek() < 0)
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
            issues.ThrowIfAny();
        }

        // Read the header, then choose the layout by its columns.
        var records = new CsvRecords(reader);
        var map = CsvHeader.Read(records, issues, [], []);
        bool items = map.ContainsKey("year");
        foreach (var r in (items ? s_items : s_components).Where(r => !map.ContainsKey(r)))
        {
            issues.Add(1, r, "", "is a required column and is missing from the header");
        }

        issues.ThrowIfAny();
        return items ? ReadItems(records, map, issues) : ReadComponents(records, map, issues);
    }

    private static BusinessIndicatorData ReadComponents(CsvRecords records, Dictionary<string, int> map, DataIssueCollector issues)
    {
        var units = new List<string>();
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var components = new List<BusinessIndicatorComponents>();
        while (records.TryRead(out var r))
        {
            if (!RowShape(r, map.Count, issues, out string unit, map))
            {
                continue;
            }

            var v = new double[3];
            bool ok = true;
            for (int i = 1; i < 4; i++)
            {
                if (!CsvHeader.TryAmount(r, map, s_components[i], issues, out v[i - 1], nonNegative: true))
                {
                    ok = false;
                }
                else if (v[i - 1] < 0.0)
                {
                    issues.Add(r.Line, s_components[i], CsvHeader.Text(r, map, s_components[i]),
                        "is negative; the BI components are non-negative by construction (OPE25.5: absolute values, maxima and a min of non-negative terms)");
                    ok = false;
                }
            }

            if (!firstLine.TryAdd(unit, r.Line))
            {
                issues.Add(r.Line, "unit", unit, string.Create(CultureInfo.InvariantCulture, $"is repeated (first on line {firstLine[unit]})"));
                continue;
            }

            if (ok)
            {
                units.Add(unit);
                components.Add(new BusinessIndicatorComponents(v[0], v[1], v[2]));
            }
        }

        if (firstLine.Count == 0 && issues.Count == 0)
        {
            issues.Add(1, "", "", "has no data rows");
        }

        issues.ThrowIfAny();
        return new BusinessIndicatorData(units, [.. components], null, []);
    }

    private static BusinessIndicatorData ReadItems(CsvRecords records, Dictionary<string, int> map, DataIssueCollector issues)
    {
        var byUnit = new Dictionary<string, SortedDictionary<int, (BusinessIndicatorItems Items, long Line)>>(StringComparer.Ordinal);
        var order = new List<string>();
        var unitLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var allYears = new SortedSet<int>();
        while (records.TryRead(out var r))
        {
            if (!RowShape(r, map.Count, issues, out string unit, map))
            {
                continue;
            }

            string yearText = CsvHeader.Text(r, map, "year");
            bool ok = int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out int year);
            if (!ok)
            {
                issues.Add(r.Line, "year", yearText, "is not a year (a whole number)");
            }

            var v = new double[10];
            for (int i = 2; i < s_items.Length; i++)
            {
                string column = s_items[i];
                if (!CsvHeader.TryAmount(r, map, column, issues, out v[i - 2], nonNegative: i < 10))
                {
                    ok = false;
                }
                else if (i < 10 && v[i - 2] < 0.0)
                {
                    issues.Add(r.Line, column, CsvHeader.Text(r, map, column), "is negative; incomes, expenses, assets and dividends are reported as non-negative amounts (OPE10 Table 1)");
                    ok = false;
                }
            }

            if (!byUnit.TryGetValue(unit, out var years))
            {
                years = [];
                byUnit.Add(unit, years);
                order.Add(unit);
                unitLine.Add(unit, r.Line);
            }

            if (!ok)
            {
                continue;
            }

            if (years.TryGetValue(year, out var first))
            {
                issues.Add(r.Line, "year", yearText, string.Create(CultureInfo.InvariantCulture, $"is repeated for unit {unit} (first on line {first.Line})"));
                continue;
            }

            allYears.Add(year);
            years.Add(year, (new BusinessIndicatorItems(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]), r.Line));
        }

        if (order.Count == 0 && issues.Count == 0)
        {
            issues.Add(1, "", "", "has no data rows");
        }

        issues.ThrowIfAny();
        int last = allYears.Max;
        int[] window = [last - 2, last - 1, last];
        var itemList = new List<BusinessIndicatorItems>();
        foreach (var unit in order)
        {
            var years = byUnit[unit];
            foreach (var (year, entry) in years)
            {
                if (year < window[0])
                {
                    issues.Add(entry.Line, "year", year.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture,
                        $"is outside the three-year window {window[0]}-{window[2]} (OPE25.5 averages the years t, t-1, t-2)"));
                }
            }

            foreach (int y in window)
            {
                if (years.TryGetValue(y, out var entry))
                {
                    itemList.Add(entry.Items);
                }
                else
                {
                    issues.Add(unitLine[unit], "unit", unit, string.Create(CultureInfo.InvariantCulture,
                        $"has no row for year {y}: every unit needs the three years {window[0]}-{window[2]}"));
                }
            }
        }

        issues.ThrowIfAny();
        return new BusinessIndicatorData(order, null, [.. itemList], window);
    }

    private static bool RowShape(in CsvRecord r, int width, DataIssueCollector issues, out string unit, Dictionary<string, int> map)
    {
        unit = "";
        if (CsvRecords.IsBlank(r))
        {
            issues.Add(r.Line, "", "", "is blank (blank lines are not allowed)");
            return false;
        }

        if (r.Fields.Length != width)
        {
            issues.Add(r.Line, "", "", string.Create(CultureInfo.InvariantCulture, $"has {r.Fields.Length} fields; the header has {width}"));
            return false;
        }

        unit = CsvHeader.Text(r, map, "unit");
        if (unit.Length == 0)
        {
            issues.Add(r.Line, "unit", "", "is empty");
            return false;
        }

        return true;
    }
}
