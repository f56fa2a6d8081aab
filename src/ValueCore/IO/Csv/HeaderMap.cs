using System.Text;

namespace ValueCore.IO.Csv;

/// <summary>
/// The one header resolution of every reader: header names matched ignoring case (<c>LGD</c> is <c>lgd</c>, ordinal
/// case-insensitive), through an optional column map (standard name to the file's header). Two headers equal but for
/// case, or equal, are issues naming both; a header that is one field holding another separator raises
/// <see cref="CsvFormatException"/> once (<see cref="CheckSeparator"/>).
/// </summary>
internal sealed class HeaderMap
{
    private readonly Dictionary<string, int> _index;
    private readonly IReadOnlyDictionary<string, string>? _columnMap;

    private HeaderMap(string[] names, Dictionary<string, int> index, IReadOnlyDictionary<string, string>? columnMap)
    {
        Names = names;
        _index = index;
        _columnMap = columnMap;
    }

    /// <summary>The header's names, as read.</summary>
    public string[] Names { get; }

    /// <summary>The number of header fields.</summary>
    public int Count => Names.Length;

    /// <summary>Resolves a header; repeated names (equal, or equal but for case) are issues on <paramref name="line"/>,
    /// and the first of them counts. Empty names are skipped (a reader that forbids them says so itself).</summary>
    /// <param name="names">The header's fields (trimmed as the reader wants them).</param>
    /// <param name="issues">Where problems go.</param>
    /// <param name="columnMap">Standard column name to the file's header name (matched ignoring case too); null for none.</param>
    /// <param name="line">The header's physical line.</param>
    public static HeaderMap Create(IReadOnlyList<string> names, ICollection<DataIssue> issues, IReadOnlyDictionary<string, string>? columnMap = null, long line = 1)
    {
        var index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (name.Length == 0)
            {
                continue;
            }

            if (index.TryGetValue(name, out int first))
            {
                issues.Add(string.Equals(names[first], name, StringComparison.Ordinal)
                    ? new DataIssue(line, name, name, FormattableString.Invariant($"is a repeated column name (fields {first + 1} and {i + 1})")) { InHeader = true }
                    : new DataIssue(line, "", "", FormattableString.Invariant($"the columns '{names[first]}' (field {first + 1}) and '{name}' (field {i + 1}) differ only in case (headers are matched ignoring case)")) { InHeader = true });
            }
            else
            {
                index.Add(name, i);
            }
        }

        return new HeaderMap([.. names], index, columnMap);
    }

    /// <summary>The header name a standard column is looked up by: its mapped name, or itself.</summary>
    public string Mapped(string name) => _columnMap is not null && _columnMap.TryGetValue(name, out var mapped) ? mapped : name;

    /// <summary>The field of a standard column (through the column map), ignoring case; -1 when the header lacks it.</summary>
    public int IndexOf(string name) => _index.TryGetValue(Mapped(name), out int i) ? i : -1;

    /// <summary>The field of a header name as the file has it (no column map), ignoring case; -1 when absent.</summary>
    public int IndexOfHeader(string header) => _index.TryGetValue(header, out int i) ? i : -1;

    /// <summary>Whether the header has a standard column (through the column map).</summary>
    public bool Has(string name) => IndexOf(name) >= 0;

    /// <summary>Decodes a split header (a UTF-8 byte-order mark on the first field is dropped).</summary>
    public static string[] Decode(CsvRecordSplitter splitter)
    {
        var header = new string[splitter.Count];
        for (int i = 0; i < header.Length; i++)
        {
            var v = splitter.Value(i);
            if (i == 0 && v.StartsWith("\uFEFF"u8))
            {
                v = v[3..];
            }

            header[i] = Encoding.UTF8.GetString(v);
        }

        return header;
    }

    /// <summary>Separators a header of one field is checked for, with the word messages use.</summary>
    private static readonly (char Separator, string Word)[] s_separators = [(';', "semicolon"), ('\t', "tab"), (',', "comma"), ('|', "pipe")];

    /// <summary>
    /// Raises <see cref="CsvFormatException"/> when the header, split by <paramref name="delimiter"/>, is one field that
    /// holds another separator: the file was written with that one (e.g. a semicolon-separated export read with <c>,</c>).
    /// </summary>
    public static void CheckSeparator(string source, IReadOnlyList<string> names, byte delimiter)
    {
        if (names.Count != 1)
        {
            return;
        }

        foreach (var (separator, word) in s_separators)
        {
            if (separator != delimiter && names[0].Contains(separator, StringComparison.Ordinal))
            {
                throw new CsvFormatException(source, 1,
                    $"the header has one column and contains '{CsvFormat.Show(separator)}': the file looks {word}-separated", separator, null);
            }
        }
    }

    /// <summary>Raises <see cref="CsvFormatException"/> for a number field that the format refused but that reads as a
    /// number with a decimal comma (<see cref="CsvFormat.LooksLikeDecimalComma"/>), when the format reads points and
    /// separates fields with something else than <c>,</c> (in a comma-separated file such a field had to be quoted:
    /// a stray value, reported on its row like any other).</summary>
    public static void CheckDecimalComma(string source, long line, string column, ReadOnlySpan<byte> text, CsvFormat format)
    {
        if (!format.DecimalComma && format.Delimiter != (byte)',' && CsvFormat.LooksLikeDecimalComma(text))
        {
            throw new CsvFormatException(source, line,
                $"{column} = {Encoding.UTF8.GetString(text)} is a number with a decimal comma: the file looks like it uses ',' as decimal separator",
                null, ',');
        }
    }
}
