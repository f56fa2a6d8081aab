namespace ValueCore.IO.Sources;

/// <summary>
/// A read-only stream of CSV bytes made block by block from a source that is not a CSV file (Parquet row groups,
/// database rows, a decompressor). The tokenizer reads it like a file; <see cref="RowNumbered"/> tells it to number
/// records by data row (1-based, the header being row 0) instead of by physical line.
/// </summary>
internal abstract class RenderedCsvStream : Stream
{
    private byte[] _block = [];
    private int _blockLength;
    private int _at;
    private bool _done;

    /// <summary>Whether records are numbered by data row (a typed source) rather than by physical line (a CSV text).</summary>
    public abstract bool RowNumbered { get; }

    /// <summary>About how many CSV bytes the stream holds (sizes the duplicate-identifier table; never a limit).</summary>
    public abstract long LengthHint { get; }

    /// <summary>The next block of CSV bytes (whole records); false at the end.</summary>
    protected abstract bool NextBlock(out byte[] data, out int length);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_at == _blockLength)
        {
            if (_done || !NextBlock(out _block, out _blockLength))
            {
                _done = true;
                return 0;
            }

            _at = 0;
        }

        int n = Math.Min(buffer.Length, _blockLength - _at);
        _block.AsSpan(_at, n).CopyTo(buffer);
        _at += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A decompressing stream (gzip, zstd) seen as CSV text: numbered by physical line like the file it unpacks.</summary>
internal sealed class DecompressedCsvStream(Stream decompressor, long compressedLength) : RenderedCsvStream
{
    private readonly byte[] _buffer = new byte[1 << 17];

    public override bool RowNumbered => false;

    public override long LengthHint => compressedLength * 5;

    protected override bool NextBlock(out byte[] data, out int length)
    {
        data = _buffer;
        length = decompressor.Read(_buffer, 0, _buffer.Length);
        return length > 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            decompressor.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A spooled copy of database rows (<see cref="BookSource.SpoolExtension"/>): CSV text numbered by data row.</summary>
internal sealed class SpooledRowsStream(FileStream file) : RenderedCsvStream
{
    private readonly byte[] _buffer = new byte[1 << 17];

    public override bool RowNumbered => true;

    public override long LengthHint => file.Length;

    protected override bool NextBlock(out byte[] data, out int length)
    {
        data = _buffer;
        length = file.Read(_buffer, 0, _buffer.Length);
        return length > 0;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
