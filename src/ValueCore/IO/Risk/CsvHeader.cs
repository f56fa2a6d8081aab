using ValueCore.Internal;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Risk;

/// <summary>Header handling shared by the risk readers.</summary>
internal static class CsvHeader
{
    /// <summary>Reads the header and maps the named columns (matched ignoring case, <see cref="HeaderMap"/>); missing
    /// required columns and repeated names are issues on line 1; a header of one field holding another separator
    /// raises <see cref="CsvFormatException"/>.</summary>
    public static Dictionary<string, int> Read(CsvRecords records, DataIssueCollector issues, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        records.Malformed = (line, rule) => issues.Add(line, "", "", rule);
        if (!records.TryRead(out var header))
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
            issues.ThrowIfAny();
        }

        var names = new string[header.Fields.Length];
        for (int i = 0; i < names.Length; i++)
        {
            string name = header.Fields[i].Trim();
            names[i] = i == 0 && name.Length > 0 && name[0] == '\uFEFF' ? name[1..] : name;
        }

        HeaderMap.CheckSeparator(issues.Source, names, (byte)',');
        var found = new List<DataIssue>();
        var resolved = HeaderMap.Create(names, found);
        foreach (var issue in found)
        {
            issues.Add(issue.Line, issue.Column, issue.Value, issue.Rule);
        }

        var map = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Length; i++)
        {
            map.TryAdd(names[i], i);
        }

        foreach (var r in required.Where(r => resolved.IndexOf(r) < 0))
        {
            issues.Add(1, r, "", "is a required column and is missing from the header");
        }

        issues.ThrowIfAny();
        return map;
    }

    public static bool TryNumber(in CsvRecord r, Dictionary<string, int> map, string column, DataIssueCollector issues, out double value)
    {
        value = 0;
        int i = map[column];
        string text = i < r.Fields.Length ? r.Fields[i].Trim() : "";
        if (!CsvText.TryParseNumber(text, out value))
        {
            issues.Add(r.Line, column, text, "is not a finite number ('.' decimal separator)");
            return false;
        }

        return true;
    }

    /// <summary><see cref="TryNumber"/> for an amount: also within the amount bound |x| &lt;= 1e15 (docs/conventions.md,
    /// "Value bounds"), reported as <see cref="AmountBound.Rule"/> (<see cref="AmountBound.NonNegativeRule"/> for a
    /// column whose amounts are non-negative) beyond it.</summary>
    public static bool TryAmount(in CsvRecord r, Dictionary<string, int> map, string column, DataIssueCollector issues, out double value, bool nonNegative = false)
    {
        if (!TryNumber(r, map, column, issues, out value))
        {
            return false;
        }

        if (!AmountBound.Holds(value))
        {
            issues.Add(r.Line, column, Text(r, map, column), nonNegative ? AmountBound.NonNegativeRule : AmountBound.Rule);
            return false;
        }

        return true;
    }

    public static string Text(in CsvRecord r, Dictionary<string, int> map, string column) =>
        map[column] < r.Fields.Length ? r.Fields[map[column]].Trim() : "";
}
