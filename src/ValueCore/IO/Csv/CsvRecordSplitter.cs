using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ValueCore.IO.Csv;

/// <summary>
/// Splits one CSV record into fields (RFC 4180, with the field separator of <see cref="Delimiter"/>). Unquoted fields
/// are views of the record; quoted fields are unescaped into a scratch buffer. Reused across records by one thread.
/// With <see cref="CsvChunker"/> (records and their physical lines) this is the project's one CSV tokenizer: every
/// reader goes through the two (docs/conventions.md, "One tokenizer, delimiters and decimal commas").
/// </summary>
/// <param name="delimiter">The field separator, an ASCII byte other than a quote, CR or LF (<see cref="CsvFormat"/> checks it); default <c>,</c>.</param>
internal sealed class CsvRecordSplitter(byte delimiter = (byte)',')
{
    private readonly byte _delimiter = delimiter;

    private int[] _rawStart = new int[32];
    private int[] _rawLength = new int[32];
    private int[] _valueStart = new int[32];
    private int[] _valueLength = new int[32];
    private bool[] _quoted = new bool[32];
    private byte[] _scratch = new byte[1024];
    private byte[] _record = [];
    private int _recordOffset;
    private bool _plain;

    public int Count { get; private set; }

    /// <summary>The field separator.</summary>
    public byte Delimiter => _delimiter;

    /// <summary>Set when a quoted field is malformed (text after the closing quote, or no closing quote), or when a field is
    /// not valid UTF-8 (<see cref="InvalidUtf8Field"/>).</summary>
    public string? Error { get; private set; }

    /// <summary>The first field that is not valid UTF-8, or -1 (docs/conventions.md, "Text in and out": such a row is
    /// rejected by rule, never decoded with replacement characters).</summary>
    public int InvalidUtf8Field { get; private set; } = -1;

    /// <summary>Splits a record; <paramref name="source"/>[offset..offset+length) holds it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Split(byte[] source, int offset, int length)
    {
        _record = source;
        _recordOffset = offset;
        Error = null;
        InvalidUtf8Field = -1;
        Count = 0;
        var rec = source.AsSpan(offset, length); // checks the range the plain path then reads without checks
        if (TrySplitPlain(source, offset, rec.Length, out bool nonAscii))
        {
            if (nonAscii)
            {
                CheckUtf8(rec);
            }

            return;
        }

        Count = 0;
        _plain = false;
        SplitQuoted(rec);
        CheckUtf8(rec);
    }

    /// <summary>A record that is not all ASCII: when it is not valid UTF-8, finds the first field that is not (a field
    /// boundary is an ASCII byte, so the record is valid exactly when every field is).</summary>
    private void CheckUtf8(ReadOnlySpan<byte> rec)
    {
        if (System.Text.Unicode.Utf8.IsValid(rec))
        {
            return;
        }

        for (int f = 0; f < Count; f++)
        {
            if (!System.Text.Unicode.Utf8.IsValid(Value(f)))
            {
                InvalidUtf8Field = f;
                Error ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"field {f + 1} is not valid UTF-8");
                return;
            }
        }
    }

    /// <summary>The field's value (unescaped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Value(int field) => _plain || !_quoted[field]
        ? _record.AsSpan(_recordOffset + _valueStart[field], _valueLength[field])
        : _scratch.AsSpan(_valueStart[field], _valueLength[field]);

    /// <summary>The raw field's offset within the record and its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void RawRange(int field, out int start, out int length)
    {
        start = _plain ? _valueStart[field] : _rawStart[field];
        length = _plain ? _valueLength[field] : _rawLength[field];
    }

    /// <summary>The field exactly as it stands in the file (quotes included), valid CSV to copy to an output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Raw(int field)
    {
        RawRange(field, out int start, out int length);
        return _record.AsSpan(_recordOffset + start, length);
    }

    /// <summary>
    /// The common case, a record without quotes: finds the commas 32 bytes at a time (two compares and a bit mask per
    /// block) and records each field's start and length only. The last, partial block is read whole when the array
    /// holds the bytes after the record, and its bits past the record are masked off. False, having recorded
    /// nothing that counts, as soon as the record holds a quote. <paramref name="nonAscii"/> tells whether a byte of
    /// the record is not ASCII (one more mask of the same loads), so that only such records are checked for UTF-8.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool TrySplitPlain(byte[] source, int offset, int length, out bool nonAscii)
    {
        nonAscii = false;
        uint high = 0;
        int count = 0;
        int fieldStart = 0;
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte first = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(source), offset);
            byte delimiter = _delimiter;
            // Whole 32-byte loads may run up to the end of the array, not past it.
            int readable = source.Length - offset;
            while (i < length && readable - i >= 32)
            {
                var (quotes, commas, highBits) = Masks(ref Unsafe.Add(ref first, i), delimiter);
                int left = length - i;
                if (left < 32)
                {
                    uint inside = (1u << left) - 1;
                    quotes &= inside;
                    commas &= inside;
                    highBits &= inside;
                }

                high |= highBits;

                if (quotes != 0)
                {
                    return false;
                }

                // A block ends at most 32 fields: with room for them, the stores below need no checks.
                if (_valueStart.Length - count < 33)
                {
                    Grow(Math.Max(_valueStart.Length * 2, count + 33));
                }

                ref int starts = ref MemoryMarshal.GetArrayDataReference(_valueStart);
                ref int lengths = ref MemoryMarshal.GetArrayDataReference(_valueLength);
                while (commas != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(commas);
                    Unsafe.Add(ref starts, count) = fieldStart;
                    Unsafe.Add(ref lengths, count) = at - fieldStart;
                    count++;
                    fieldStart = at + 1;
                    commas &= commas - 1;
                }

                i += 32;
            }
        }

        var rec = source.AsSpan(offset, length);
        for (; i < rec.Length; i++)
        {
            byte b = rec[i];
            if (b == (byte)'"')
            {
                return false;
            }

            if (b == _delimiter)
            {
                AddPlain(ref count, fieldStart, i - fieldStart);
                fieldStart = i + 1;
            }

            high |= b & 0x80u;
        }

        AddPlain(ref count, fieldStart, length - fieldStart);
        Count = count;
        _plain = true;
        nonAscii = high != 0;
        return true;
    }

    /// <summary>Bit k of each mask says whether byte k of the 32 at <paramref name="block"/> is a quote / the delimiter / not ASCII.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (uint Quotes, uint Commas, uint High) Masks(ref byte block, byte delimiter)
    {
        if (Vector256.IsHardwareAccelerated)
        {
            var v = Vector256.LoadUnsafe(ref block);
            return (Vector256.Equals(v, Vector256.Create((byte)'"')).ExtractMostSignificantBits(),
                Vector256.Equals(v, Vector256.Create(delimiter)).ExtractMostSignificantBits(), v.ExtractMostSignificantBits());
        }

        var low = Vector128.LoadUnsafe(ref block);
        var high = Vector128.LoadUnsafe(ref block, 16);
        var quote = Vector128.Create((byte)'"');
        var comma = Vector128.Create(delimiter);
        return (Vector128.Equals(low, quote).ExtractMostSignificantBits() | (Vector128.Equals(high, quote).ExtractMostSignificantBits() << 16),
            Vector128.Equals(low, comma).ExtractMostSignificantBits() | (Vector128.Equals(high, comma).ExtractMostSignificantBits() << 16),
            low.ExtractMostSignificantBits() | (high.ExtractMostSignificantBits() << 16));
    }

    private void AddPlain(ref int count, int start, int length)
    {
        if (count == _valueStart.Length)
        {
            Grow(count * 2);
        }

        _valueStart[count] = start;
        _valueLength[count] = length;
        count++;
    }

    private void Grow(int size)
    {
        Array.Resize(ref _rawStart, size);
        Array.Resize(ref _rawLength, size);
        Array.Resize(ref _valueStart, size);
        Array.Resize(ref _valueLength, size);
        Array.Resize(ref _quoted, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
                else if (i < rec.Length && rec[i] != _delimiter)
                {
                    Error ??= "has text after a closing quote (quotes inside a field must be doubled)";
                    int skip = rec[i..].IndexOf(_delimiter);
                    i = skip < 0 ? rec.Length : i + skip;
                }

                Add(rawStart, i - rawStart, valueStart, scratchUsed - valueStart, quoted: true);
            }
            else
            {
                int comma = rec[i..].IndexOf(_delimiter);
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

            i++; // the delimiter
            if (i == rec.Length)
            {
                Add(i, 0, i, 0, quoted: false);
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Add(int rawStart, int rawLength, int valueStart, int valueLength, bool quoted)
    {
        if (Count == _rawStart.Length)
        {
            Grow(Count * 2);
        }

        _rawStart[Count] = rawStart;
        _rawLength[Count] = rawLength;
        _valueStart[Count] = valueStart;
        _valueLength[Count] = valueLength;
        _quoted[Count] = quoted;
        Count++;
    }
}
