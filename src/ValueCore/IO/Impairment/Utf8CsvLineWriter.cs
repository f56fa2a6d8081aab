using System.Text;
using ValueCore.Internal;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Buffered UTF-8 CSV output with the conventions of <see cref="CsvText"/> (numbers shortest round-trip, NaN as an
/// empty cell, text quoted per RFC 4180 when needed, LF line ends), without a string per field.
/// </summary>
internal sealed class Utf8CsvLineWriter(Stream stream) : IDisposable
{
    private readonly Stream _stream = stream;
    private byte[] _buffer = new byte[1 << 16];
    private int _used;
    private bool _lineStarted;

    /// <summary>Writes a number (<see cref="CsvText.Number"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite.</exception>
    public void Number(double value)
    {
        Separator();
        if (double.IsNaN(value))
        {
            return;
        }

        if (double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Infinite values are never written.");
        }

        Ensure(Utf8DoubleFormatter.MaxLength);
        _used += Utf8DoubleFormatter.Format(value, _buffer.AsSpan(_used));
    }

    /// <summary>Writes an integer.</summary>
    public void Integer(long value)
    {
        Separator();
        Ensure(24);
        value.TryFormat(_buffer.AsSpan(_used), out int n, default, System.Globalization.CultureInfo.InvariantCulture);
        _used += n;
    }

    /// <summary>Writes a date as yyyy-MM-dd.</summary>
    public void Date(DateOnly date)
    {
        Separator();
        Ensure(16);
        date.TryFormat(_buffer.AsSpan(_used), out int n, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        _used += n;
    }

    /// <summary>Writes a text field (<see cref="CsvText.Field"/>).</summary>
    public void Text(string value)
    {
        Separator();
        if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            value = CsvText.Field(value);
        }

        Ensure(Encoding.UTF8.GetMaxByteCount(value.Length));
        _used += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_used));
    }

    /// <summary>Writes text that needs no quoting (a header name, a keyword), as is.</summary>
    public void Raw(ReadOnlySpan<byte> utf8)
    {
        Separator();
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_used));
        _used += utf8.Length;
    }

    /// <summary>Ends the line.</summary>
    public void EndLine()
    {
        Ensure(1);
        _buffer[_used++] = (byte)'\n';
        _lineStarted = false;
        if (_used > _buffer.Length - 4096)
        {
            Flush();
        }
    }

    public void Flush()
    {
        _stream.Write(_buffer, 0, _used);
        _used = 0;
    }

    public void Dispose()
    {
        Flush();
        _stream.Dispose();
    }

    private void Separator()
    {
        if (_lineStarted)
        {
            Ensure(1);
            _buffer[_used++] = (byte)',';
        }

        _lineStarted = true;
    }

    private void Ensure(int bytes)
    {
        if (_used + bytes <= _buffer.Length)
        {
            return;
        }

        Flush();
        if (bytes > _buffer.Length)
        {
            _buffer = new byte[bytes * 2];
        }
    }
}
