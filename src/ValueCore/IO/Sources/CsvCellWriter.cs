using System.Globalization;
using System.Text;
using ValueCore.Internal;

namespace ValueCore.IO.Sources;

/// <summary>
/// Renders typed cells as the records of the loan-book CSV (<c>,</c> separator, <c>.</c> decimal point, LF ends) into a
/// growable UTF-8 buffer, so that a typed source (Parquet, a database) is read by the one CSV tokenizer and its rules.
/// </summary>
/// <remarks>
/// A double is written as its shortest round-trip text, which the reader parses back to the same bits; a decimal as
/// its exact decimal text (the reader rounds it once, as it rounds the same text in a CSV); a date as yyyy-MM-dd; a
/// null as an empty cell; text quoted (RFC 4180) when it holds a comma, a quote, a line break or edge white space.
/// NaN and the infinities are written as <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which the number rule
/// rejects with the value shown: a NaN in a typed source is a value, never "not given".
/// </remarks>
internal sealed class CsvCellWriter
{
    private byte[] _buffer;
    private int _length;
    private bool _rowOpen;

    public CsvCellWriter(int capacity = 1 << 16) => _buffer = new byte[Math.Max(capacity, 256)];

    /// <summary>A writer that renders into <paramref name="buffer"/> (a recycled one; grown if it fills up), from its start.</summary>
    public CsvCellWriter(byte[] buffer) => _buffer = buffer.Length >= 256 ? buffer : new byte[256];

    public int Length => _length;

    public byte[] Buffer => _buffer;

    /// <summary>Hands the rendered bytes over and starts an empty buffer.</summary>
    public (byte[] Data, int Length) Take()
    {
        var taken = (_buffer, _length);
        _buffer = new byte[_buffer.Length];
        _length = 0;
        return taken;
    }

    /// <summary>Hands the rendered bytes and their buffer over (to be recycled by the taker); the writer must not be used afterwards.</summary>
    public (byte[] Data, int Length) Detach()
    {
        var taken = (_buffer, _length);
        _buffer = [];
        _length = 0;
        return taken;
    }

    /// <summary>Forgets the rendered bytes (keeps the buffer).</summary>
    public void Clear() => _length = 0;

    public void EndRow()
    {
        Ensure(1);
        _buffer[_length++] = (byte)'\n';
        _rowOpen = false;
    }

    public void Null() => Separator();

    public void Double(double value)
    {
        Separator();
        if (!double.IsFinite(value))
        {
            Ascii(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
            return;
        }

        Ensure(Utf8DoubleFormatter.MaxLength);
        _length += Utf8DoubleFormatter.Format(value, _buffer.AsSpan(_length));
    }

    public void Long(long value)
    {
        Separator();
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Decimal(decimal value)
    {
        Separator();
        Ensure(40);
        value.TryFormat(_buffer.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Date(DateOnly value)
    {
        Separator();
        Ensure(16);
        value.TryFormat(_buffer.AsSpan(_length), out int written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        _length += written;
    }

    public void DateTime(DateTime value)
    {
        if (value.TimeOfDay == TimeSpan.Zero)
        {
            Date(DateOnly.FromDateTime(value));
            return;
        }

        Separator();
        Ensure(40);
        value.TryFormat(_buffer.AsSpan(_length), out int written, "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Bool(bool value)
    {
        Separator();
        Ascii(value ? "true" : "false");
    }

    public void Text(string? value) => Text(value.AsSpan());

    /// <summary>A text cell from its characters (a Parquet text cell read raw, without a string).</summary>
    public void Text(ReadOnlySpan<char> value)
    {
        Separator();
        if (value.IsEmpty)
        {
            return;
        }

        bool quote = value.IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]);
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        if (!quote)
        {
            Ensure(max);
            _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
            return;
        }

        Ensure((2 * max) + 2);
        _buffer[_length++] = (byte)'"';
        foreach (var range in value.Split('"'))
        {
            _length += Encoding.UTF8.GetBytes(value[range], _buffer.AsSpan(_length));
            _buffer[_length++] = (byte)'"';
            _buffer[_length++] = (byte)'"';
        }

        _length--; // the last part is followed by the closing quote only
    }

    /// <summary>A header or any text that needs the same quoting.</summary>
    public void Name(string name) => Text(name);

    private void Ascii(string text)
    {
        Ensure(text.Length);
        _length += Encoding.ASCII.GetBytes(text, _buffer.AsSpan(_length));
    }

    private void Separator()
    {
        if (_rowOpen)
        {
            Ensure(1);
            _buffer[_length++] = (byte)',';
        }

        _rowOpen = true;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
