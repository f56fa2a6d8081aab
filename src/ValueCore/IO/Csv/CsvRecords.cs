using System.Text;

namespace ValueCore.IO.Csv;

/// <summary>One CSV record: its fields and the physical line it starts on (1-based; the header is line 1).</summary>
internal readonly record struct CsvRecord(long Line, string[] Fields);

/// <summary>
/// The records of a small CSV text, through the project's one tokenizer (<see cref="CsvChunker"/> for records and
/// their physical lines, quoted line breaks included; <see cref="CsvRecordSplitter"/> for fields), as strings.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The chunker owns nothing here: it reads a stream its caller owns (or a MemoryStream).")]
internal sealed class CsvRecords
{
    private readonly CsvChunker _chunker;
    private readonly CsvRecordSplitter _splitter = new();
    private CsvChunk? _chunk;
    private int _next;

    /// <summary>Reads the whole text (these files are small) and tokenizes its UTF-8 bytes.</summary>
    public CsvRecords(TextReader reader)
    {
        var bytes = Encoding.UTF8.GetBytes(reader.ReadToEnd());
        _chunker = new CsvChunker(new MemoryStream(bytes, writable: false), CsvChunker.RecordsPerChunk, null, Math.Max(bytes.Length, 1 << 12));
    }

    /// <summary>Tokenizes a stream of UTF-8 bytes (the caller checks the UTF-8 rule and disposes the stream).</summary>
    public CsvRecords(Stream stream) => _chunker = new CsvChunker(stream, CsvChunker.RecordsPerChunk, null, 1 << 16);

    /// <summary>Where a malformed record (a quote out of place, a quoted field never closed) is reported, with its
    /// line and the rule; the record's fields, as split, are still returned.</summary>
    public Action<long, string>? Malformed { get; set; }

    /// <summary>Reads the next record; false at the end. Blank lines are returned as a record with one empty field.</summary>
    public bool TryRead(out CsvRecord record)
    {
        record = default;
        if (_chunk is null || _next == _chunk.Count)
        {
            _chunk = _chunker.Next();
            _next = 0;
            if (_chunk is null)
            {
                return false;
            }
        }

        int r = _next++;
        int start = r == 0 ? 0 : _chunk.RecordEnds[r - 1];
        _splitter.Split(_chunk.Data, start, _chunk.Record(r).Length);
        var fields = new string[_splitter.Count];
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = Encoding.UTF8.GetString(_splitter.Value(i));
        }

        if (_splitter.Error is string error)
        {
            Malformed?.Invoke(_chunk.Lines[r], "the record " + error);
        }

        record = new CsvRecord(_chunk.Lines[r], fields);
        return true;
    }

    public static bool IsBlank(in CsvRecord r) => r.Fields.Length == 1 && r.Fields[0].Trim().Length == 0;
}
