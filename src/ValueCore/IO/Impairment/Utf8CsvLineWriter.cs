using System.Text;
using ValueCore.Internal;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Buffered UTF-8 CSV output with the conventions of <see cref="CsvText"/> (numbers shortest round-trip, NaN as an
/// empty cell, text quoted per RFC 4180 when needed, LF line ends), without a string per field.
/// </summary>
internal sealed class Utf8CsvLineWriter : IDisposable
{
    private readonly Stream? _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _used;
    private bool _lineStarted;

    public Utf8CsvLineWriter(Stream stream, bool leaveOpen = false)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        _buffer = new byte[1 << 16];
    }

    /// <summary>A writer into memory (a pooled, growing buffer) for <see cref="WriteBlocks"/>.</summary>
    private Utf8CsvLineWriter(int capacity) => _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(capacity);

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
        Ensure(10);
        date.Deconstruct(out int year, out int month, out int day);
        var b = _buffer.AsSpan(_used, 10);
        b[0] = (byte)('0' + (year / 1000));
        b[1] = (byte)('0' + (year / 100 % 10));
        b[2] = (byte)('0' + (year / 10 % 10));
        b[3] = (byte)('0' + (year % 10));
        b[4] = (byte)'-';
        b[5] = (byte)('0' + (month / 10));
        b[6] = (byte)('0' + (month % 10));
        b[7] = (byte)'-';
        b[8] = (byte)('0' + (day / 10));
        b[9] = (byte)('0' + (day % 10));
        _used += 10;
    }

    /// <summary>Writes a text field (<see cref="CsvText.Field(string)"/>).</summary>
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
        if (_stream is not null)
        {
            _stream.Write(_buffer, 0, _used);
            _used = 0;
        }
    }

    public void Dispose()
    {
        Flush();
        if (!_leaveOpen)
        {
            _stream?.Dispose();
        }
    }

    /// <summary>
    /// Writes rows [0, count) formatted in parallel: blocks of <paramref name="blockSize"/> rows are formatted into
    /// buffers on several threads and written in order, so the bytes do not depend on the number of threads.
    /// </summary>
    public static void WriteBlocks(Stream destination, int count, int blockSize, int maxDegreeOfParallelism, Action<Utf8CsvLineWriter, int, int> writeRows)
    {
        int blocks = (count + blockSize - 1) / blockSize;
        int dop = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : Math.Max(1, maxDegreeOfParallelism);
        int batch = 4 * dop;
        var buffers = new (byte[] Bytes, int Length)[batch];
        var options = new ParallelOptions { MaxDegreeOfParallelism = dop };
        for (int first = 0; first < blocks; first += batch)
        {
            int n = Math.Min(batch, blocks - first);
            Parallel.For(0, n, options, j =>
            {
                int b = first + j;
                var w = new Utf8CsvLineWriter(1 << 16);
                writeRows(w, b * blockSize, Math.Min(count, (b + 1) * blockSize));
                buffers[j] = (w._buffer, w._used);
            });
            for (int j = 0; j < n; j++)
            {
                destination.Write(buffers[j].Bytes, 0, buffers[j].Length);
                System.Buffers.ArrayPool<byte>.Shared.Return(buffers[j].Bytes);
                buffers[j] = default;
            }
        }
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

        if (_stream is null)
        {
            var bigger = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + bytes));
            _buffer.AsSpan(0, _used).CopyTo(bigger);
            System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
            return;
        }

        Flush();
        if (bytes > _buffer.Length)
        {
            _buffer = new byte[bytes * 2];
        }
    }
}
