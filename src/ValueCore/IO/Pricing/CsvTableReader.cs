using System.Globalization;
using System.Text;
using ValueCore.IO.Csv;

namespace ValueCore.IO;

/// <summary>
/// Streams the records of a small-schema CSV (curves, deals, results, statements) with their physical line numbers,
/// splitting fields per RFC 4180; records with a malformed quote or the wrong number of fields are reported in the
/// log and skipped by <see cref="Next"/>.
/// </summary>
internal sealed class CsvTableReader : IDisposable
{
    private readonly Stream _stream;
    private readonly CsvChunker _chunker;
    private readonly CsvRecordSplitter _splitter;
    private readonly CsvFormat _format;
    private readonly HeaderMap _columns = HeaderMap.Create([], new List<DataIssue>());
    private CsvChunk? _chunk;
    private int _record;

    private CsvTableReader(string path, DataIssueCollector log, CsvFormat format)
    {
        Log = log;
        _format = format;
        _splitter = new CsvRecordSplitter(format.Delimiter);
        _stream = Sources.BookSource.OpenRead(path, 1 << 16);
        _chunker = new CsvChunker(_stream, 8192, null, 1 << 20);
        _chunk = _chunker.Next();
        if (_chunk is null)
        {
            log.Add(0, "", "", "the file is empty");
            Header = [];
            return;
        }

        _splitter.Split(_chunk.Data, 0, _chunk.Record(0).Length);
        Header = LoanBookSchema.DecodeHeader(_splitter);
        if (_splitter.Error is string error)
        {
            log.Add(DataIssue.Header("", "", "the header " + error));
        }

        HeaderMap.CheckSeparator(log.Source, Header, _splitter.Delimiter);
        for (int i = 0; i < Header.Length; i++)
        {
            if (Header[i].Length == 0)
            {
                log.Add(DataIssue.Header("", "", $"header field {i + 1} is empty"));
            }
        }

        var headerIssues = new List<DataIssue>();
        _columns = HeaderMap.Create(Header, headerIssues);
        foreach (var issue in headerIssues)
        {
            log.Add(issue);
        }

        _record = 1;
    }

    public DataIssueCollector Log { get; }

    public string[] Header { get; }

    public long Line { get; private set; }

    public long Rows { get; private set; }

    /// <summary>Opens a file; the header's problems (or an empty file) go to the log.</summary>
    public static CsvTableReader Open(string path, string? source = null) => new(path, new DataIssueCollector(source ?? Path.GetFileName(path)), CsvFormat.Default);

    /// <summary>Opens a loan book in the options' delimiter and decimal separator; the header's problems (or an empty file) go to the log.</summary>
    /// <exception cref="ArgumentException">The delimiter and decimal separator are not a usable pair.</exception>
    public static CsvTableReader Open(string path, LoanBookCsvOptions options) =>
        new(path, new DataIssueCollector(options.SourceName ?? Path.GetFileName(path)), CsvFormat.From(options));

    /// <summary>The index of a column, or -1.</summary>
    public int Column(string name) => _columns.IndexOf(name);

    /// <summary>The index of a required column; a missing one is logged (line 1) and -1 returned.</summary>
    public int Require(string name, string? why = null)
    {
        int i = Column(name);
        if (i < 0 && Header.Length > 0)
        {
            Log.Add(DataIssue.Header("", "", $"required column '{name}' is missing{(why is null ? "" : " (" + why + ")")}"));
        }

        return i;
    }

    /// <summary>Moves to the next well-formed record; false at the end.</summary>
    /// <summary>The bytes of the records read so far, counted a chunk (8,192 records) at a time: for progress.</summary>
    public long BytesRead { get; private set; }

    public bool Next()
    {
        while (_chunk is not null)
        {
            if (_record >= _chunk.Count)
            {
                BytesRead += _chunk.Length;
                _chunk = _chunker.Next();
                _record = 0;
                continue;
            }

            int r = _record++;
            var record = _chunk.Record(r);
            if (record.IsEmpty)
            {
                continue;
            }

            Rows++;
            Line = _chunk.Lines[r];
            int start = r == 0 ? 0 : _chunk.RecordEnds[r - 1];
            _splitter.Split(_chunk.Data, start, record.Length);
            if (_splitter.InvalidUtf8Field is int bad and >= 0 && bad < Header.Length)
            {
                Log.Add(Line, Header[bad], CsvText.Describe(_splitter.Value(bad)), "is not valid UTF-8");
                continue;
            }

            if (_splitter.Error is string malformed)
            {
                Log.Add(Line, "", "", malformed);
                continue;
            }

            if (_splitter.Count != Header.Length)
            {
                Log.Add(Line, "", "", $"wrong number of fields: expected {Header.Length}, found {_splitter.Count}");
                continue;
            }

            return true;
        }

        if (_chunker.EndedInQuotes)
        {
            Log.Add(Line, "", "", "the file ends inside a quoted field (a closing quote is missing)");
        }

        return false;
    }

    public ReadOnlySpan<byte> Value(int field) => _splitter.Value(field);

    public ReadOnlySpan<byte> Raw(int field) => _splitter.Raw(field);

    public int FieldCount => _splitter.Count;

    public string Text(int field) => field < 0 ? "" : Encoding.UTF8.GetString(_splitter.Value(field));

    /// <summary>Reads a number; an empty cell gives <paramref name="fallback"/> (logged when required), a bad one is logged.</summary>
    public double Number(int field, bool required, double fallback, Func<double, string?>? rule, ref bool ok)
    {
        if (field < 0)
        {
            return fallback;
        }

        var text = _splitter.Value(field);
        if (text.IsEmpty)
        {
            if (required)
            {
                Log.Add(Line, Header[field], "", "is required");
                ok = false;
            }

            return fallback;
        }

        if (!(_format.DecimalComma ? _format.TryParseNumber(text, out double value) : NumberText.TryParse(text, out value)))
        {
            HeaderMap.CheckDecimalComma(Log.Source, Line, Header[field], text, _format);
            Log.Add(Line, Header[field], Encoding.UTF8.GetString(text), "is not a number (use '.' as decimal separator; NaN and Infinity are not allowed)");
            ok = false;
            return fallback;
        }

        if (rule?.Invoke(value) is string broken)
        {
            Log.Add(Line, Header[field], Encoding.UTF8.GetString(text), broken);
            ok = false;
        }

        return value;
    }

    public void Dispose() => _stream.Dispose();

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
