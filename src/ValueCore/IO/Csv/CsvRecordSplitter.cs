namespace ValueCore.IO.Csv;

/// <summary>
/// Splits one CSV record into fields (RFC 4180). Unquoted fields are views of the record; quoted fields are unescaped
/// into a scratch buffer. Reused across records by one thread.
/// </summary>
internal sealed class CsvRecordSplitter
{
    private int[] _rawStart = new int[32];
    private int[] _rawLength = new int[32];
    private int[] _valueStart = new int[32];
    private int[] _valueLength = new int[32];
    private bool[] _quoted = new bool[32];
    private byte[] _scratch = new byte[1024];
    private byte[] _record = [];
    private int _recordOffset;

    public int Count { get; private set; }

    /// <summary>Set when a quoted field is malformed (text after the closing quote, or no closing quote).</summary>
    public string? Error { get; private set; }

    /// <summary>Splits a record; <paramref name="source"/>[offset..offset+length) holds it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Split(byte[] source, int offset, int length)
    {
        _record = source;
        _recordOffset = offset;
        Error = null;
        Count = 0;
        var rec = source.AsSpan(offset, length);
        if (rec.IndexOf((byte)'"') < 0)
        {
            int start = 0;
            while (true)
            {
                int comma = rec[start..].IndexOf((byte)',');
                int end = comma < 0 ? rec.Length : start + comma;
                Add(start, end - start, start, end - start, quoted: false);
                if (comma < 0)
                {
                    return;
                }

                start = end + 1;
            }
        }

        SplitQuoted(rec);
    }

    /// <summary>The field's value (unescaped).</summary>
    public ReadOnlySpan<byte> Value(int field) => _quoted[field]
        ? _scratch.AsSpan(_valueStart[field], _valueLength[field])
        : _record.AsSpan(_recordOffset + _valueStart[field], _valueLength[field]);

    /// <summary>The raw field's offset within the record and its length.</summary>
    public void RawRange(int field, out int start, out int length)
    {
        start = _rawStart[field];
        length = _rawLength[field];
    }

    /// <summary>The field exactly as it stands in the file (quotes included), valid CSV to copy to an output.</summary>
    public ReadOnlySpan<byte> Raw(int field) => _record.AsSpan(_recordOffset + _rawStart[field], _rawLength[field]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void SplitQuoted(ReadOnlySpan<byte> rec)
    {
        int scratchUsed = 0;
        if (_scratch.Length < rec.Length)
        {
            _scratch = new byte[rec.Length * 2];
        }

        int i = 0;
        while (true)
        {
            int rawStart = i;
            if (i < rec.Length && rec[i] == (byte)'"')
            {
                int valueStart = scratchUsed;
                i++;
                bool closed = false;
                while (i < rec.Length)
                {
                    byte b = rec[i];
                    if (b == (byte)'"')
                    {
                        if (i + 1 < rec.Length && rec[i + 1] == (byte)'"')
                        {
                            _scratch[scratchUsed++] = (byte)'"';
                            i += 2;
                            continue;
                        }

                        i++;
                        closed = true;
                        break;
                    }

                    _scratch[scratchUsed++] = b;
                    i++;
                }

                if (!closed)
                {
                    Error ??= "has a quoted field without its closing quote";
                }
                else if (i < rec.Length && rec[i] != (byte)',')
                {
                    Error ??= "has text after a closing quote (quotes inside a field must be doubled)";
                    int skip = rec[i..].IndexOf((byte)',');
                    i = skip < 0 ? rec.Length : i + skip;
                }

                Add(rawStart, i - rawStart, valueStart, scratchUsed - valueStart, quoted: true);
            }
            else
            {
                int comma = rec[i..].IndexOf((byte)',');
                int end = comma < 0 ? rec.Length : i + comma;
                if (rec[i..end].IndexOf((byte)'"') >= 0)
                {
                    Error ??= "has a quote inside an unquoted field";
                }

                Add(i, end - i, i, end - i, quoted: false);
                i = end;
            }

            if (i >= rec.Length)
            {
                return;
            }

            i++; // the comma
            if (i == rec.Length)
            {
                Add(i, 0, i, 0, quoted: false);
                return;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Add(int rawStart, int rawLength, int valueStart, int valueLength, bool quoted)
    {
        if (Count == _rawStart.Length)
        {
            Array.Resize(ref _rawStart, Count * 2);
            Array.Resize(ref _rawLength, Count * 2);
            Array.Resize(ref _valueStart, Count * 2);
            Array.Resize(ref _valueLength, Count * 2);
            Array.Resize(ref _quoted, Count * 2);
        }

        _rawStart[Count] = rawStart;
        _rawLength[Count] = rawLength;
        _valueStart[Count] = valueStart;
        _valueLength[Count] = valueLength;
        _quoted[Count] = quoted;
        Count++;
    }
}
