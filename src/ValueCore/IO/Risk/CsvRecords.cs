using System.Text;
using ValueCore.Internal;

namespace ValueCore.IO.Risk;

/// <summary>One CSV record: its fields and the physical line it starts on (1-based; the header is line 1).</summary>
internal readonly record struct CsvRecord(long Line, string[] Fields);

/// <summary>A minimal RFC 4180 record reader that keeps physical line numbers (quoted fields may span lines).</summary>
internal sealed class CsvRecords
{
    private readonly TextReader _reader;
    private long _line = 1;

    public CsvRecords(TextReader reader) => _reader = reader;

    /// <summary>Reads the next record; false at the end. Blank lines are returned as a record with one empty field.</summary>
    public bool TryRead(out CsvRecord record)
    {
        record = default;
        if (_reader.Peek() < 0)
        {
            return false;
        }

        long start = _line;
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        while (true)
        {
            int c = _reader.Read();
            if (c < 0)
            {
                fields.Add(field.ToString());
                break;
            }

            if (quoted)
            {
                if (c == '"')
                {
                    if (_reader.Peek() == '"')
                    {
                        _reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _line++;
                    }

                    field.Append((char)c);
                }

                continue;
            }

            if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && _reader.Peek() == '\n')
            {
                continue;
            }
            else if (c == '\n')
            {
                _line++;
                fields.Add(field.ToString());
                break;
            }
            else
            {
                field.Append((char)c);
            }
        }

        record = new CsvRecord(start, [.. fields]);
        return true;
    }

    public static bool IsBlank(in CsvRecord r) => r.Fields.Length == 1 && r.Fields[0].Trim().Length == 0;
}

/// <summary>Header handling shared by the risk readers.</summary>
internal static class CsvHeader
{
    /// <summary>Reads the header and maps the named columns; missing required columns are issues on line 1.</summary>
    public static Dictionary<string, int> Read(CsvRecords records, DataIssueCollector issues, IReadOnlyList<string> required, IReadOnlyList<string> optional)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!records.TryRead(out var header))
        {
            issues.Add(1, "", "", "the file is empty (a header row is needed)");
            issues.ThrowIfAny();
        }

        for (int i = 0; i < header.Fields.Length; i++)
        {
            string name = header.Fields[i].Trim();
            if (i == 0 && name.Length > 0 && name[0] == '\uFEFF')
            {
                name = name[1..];
            }

            if (!map.TryAdd(name, i) && (required.Contains(name) || optional.Contains(name)))
            {
                issues.Add(1, name, name, "is a repeated column");
            }
        }

        foreach (var r in required.Where(r => !map.ContainsKey(r)))
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
