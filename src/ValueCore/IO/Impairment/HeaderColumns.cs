using ValueCore.IO.Csv;

namespace ValueCore.IO.Impairment;

/// <summary>The column positions named by a CSV header.</summary>
internal sealed class HeaderColumns
{
    private readonly HeaderMap _index;

    private HeaderColumns(HeaderMap index, int count)
    {
        _index = index;
        Count = count;
    }

    /// <summary>The number of fields of the header.</summary>
    public int Count { get; }

    /// <summary>Reads the header (record 0 of the first chunk); null after reporting a problem.</summary>
    public static HeaderColumns? Read(CsvChunk first, DataIssueCollector issues, IEnumerable<string> required)
    {
        var record = first.Record(0);
        if (record.StartsWith("\uFEFF"u8))
        {
            record = record[3..];
        }

        var bytes = record.ToArray();
        var splitter = new CsvRecordSplitter();
        splitter.Split(bytes, 0, bytes.Length);
        long line = first.Lines[0];
        if (splitter.Error is not null)
        {
            issues.Add(line, "", "", "the header has unbalanced quotes");
            return null;
        }

        var names = new string[splitter.Count];
        for (int i = 0; i < splitter.Count; i++)
        {
            string text = Utf8Field.Text(splitter.Value(i));
            names[i] = (i == 0 ? text.TrimStart('\uFEFF') : text).Trim();
        }

        HeaderMap.CheckSeparator(issues.Source, names, splitter.Delimiter);
        var found = new List<DataIssue>();
        var map = HeaderMap.Create(names, found, line: line);
        foreach (var issue in found)
        {
            issues.Add(issue.Line, issue.Column, issue.Value, issue.Rule);
        }

        foreach (var r in required.Where(r => map.IndexOf(r) < 0))
        {
            issues.Add(line, r, "", "is a required column that is missing from the header");
        }

        return issues.Count > 0 ? null : new HeaderColumns(map, splitter.Count);
    }

    public bool Has(string name) => _index.Has(name);

    /// <summary>The position of a column; -1 when the header lacks it.</summary>
    public int IndexOf(string name) => _index.IndexOf(name);
}
