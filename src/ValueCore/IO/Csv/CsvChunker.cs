using System.Buffers;

namespace ValueCore.IO.Csv;

/// <summary>
/// Splits a CSV byte stream into chunks of whole records (RFC 4180: a quoted field may hold commas, quotes doubled,
/// and line breaks), counting physical lines so every record knows the line it starts on. Chunks hold a fixed number
/// of records, so the split (and every result reduced chunk by chunk) does not depend on buffer sizes or threads.
/// </summary>
internal sealed class CsvChunker : IDisposable
{
    /// <summary>Records per chunk in every streaming reader (the first chunk also holds the header record).</summary>
    internal const int RecordsPerChunk = 8192;

    private static readonly SearchValues<byte> s_lineOrQuote = SearchValues.Create("\n\""u8);

    private readonly Stream _stream;
    private readonly int _recordsPerChunk;
    private byte[] _buffer;  // rented; the current (unfinished) chunk starts at its first byte
    private int _bufferSize; // the size rented for each chunk: the initial size, doubled whenever a chunk did not fit
    private int _scan;       // where scanning resumes
    private int _end;        // end of valid data
    private bool _eof;
    private bool _inQuotes;
    private long _line = 1;  // physical line at _scan
    private long _chunkIndex;
    private int[] _ends;    // the current chunk's record ends and lines, rented: handed to the chunk at Emit
    private long[] _lines;
    private int _count;
    private bool _recordOpen; // whether bytes of a record were seen since the last record end

    private readonly System.Security.Cryptography.IncrementalHash? _hash;
    private bool _ownsInputs;

    /// <summary>
    /// The most bytes one read asks for. A chunk's buffer becomes the chunk's data and what was read past its last
    /// record is copied to the next chunk's buffer, so short reads keep that copy short (at most this many bytes a
    /// chunk, instead of copying every chunk out of one large read buffer).
    /// </summary>
    private const int ReadBlock = 1 << 17;

    public CsvChunker(Stream stream, int recordsPerChunk, System.Security.Cryptography.IncrementalHash? hash = null, int bufferSize = 1 << 21)
    {
        _stream = stream;
        _hash = hash;
        _recordsPerChunk = recordsPerChunk;
        _bufferSize = bufferSize;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _ends = ArrayPool<int>.Shared.Rent(recordsPerChunk);
        _lines = ArrayPool<long>.Shared.Rent(recordsPerChunk);

        // A typed source (Parquet, a database) numbers its records by data row: the header is row 0, and a line break
        // inside a quoted text cell does not move the next row's number (docs/loan-book.md, "Book sources").
        _rowNumbered = Sources.BookSource.IsRowNumbered(stream);
        if (_rowNumbered)
        {
            _line = 0;
        }
    }

    private readonly bool _rowNumbered;

    /// <summary>
    /// Opens a CSV file for reading chunk by chunk, the SHA-256 of its bytes computed as they are read (for
    /// manifests): the batch jobs' one way in. The chunker owns the file and the hash; dispose it.
    /// </summary>
    public static CsvChunker OpenFile(string path, int recordsPerChunk) => OpenFile(path, recordsPerChunk, typed: null);

    /// <summary><see cref="OpenFile(string, int)"/> for a loan book read by the column path: a Parquet source's
    /// <paramref name="typed"/> fields come as decoded numbers attached to each chunk (<see cref="CsvChunk.Typed"/>).</summary>
    public static CsvChunker OpenFile(string path, int recordsPerChunk, IReadOnlySet<int>? typed)
    {
        var stream = Sources.BookSource.OpenRead(path, 1, typed);
        try
        {
            return new CsvChunker(stream, recordsPerChunk, System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256))
            {
                _ownsInputs = true,
            };
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The length of the input in bytes.</summary>
    public long InputLength => Sources.BookSource.LengthOf(_stream);

    /// <summary>The first chunk, or a <see cref="DataValidationException"/> ("the file is empty") naming <paramref name="source"/>.</summary>
    public CsvChunk First(string source) =>
        Next() ?? throw new DataValidationException(source, [new DataIssue(0, "", "", "the file is empty")], 1);

    /// <summary>The SHA-256 of every byte read, lower-case hex (call once, after the last chunk).</summary>
    public string Sha256() => _hash is not null && _stream is Sources.ParquetCsvStream { Typed: true } parquet
        ? parquet.FilesSha256() // the column path reads decoded numbers, not rendered text: the book's own bytes are hashed
        : Convert.ToHexStringLower((_hash ?? throw new InvalidOperationException("The chunker was made without a hash.")).GetHashAndReset());

    /// <summary>Closes the file and the hash when <see cref="OpenFile(string, int)"/> opened them.</summary>
    public void Dispose()
    {
        if (_ownsInputs)
        {
            _stream.Dispose();
            _hash?.Dispose();
            _ownsInputs = false;
        }
    }

    /// <summary>The bytes read so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether the stream ended inside a quoted field.</summary>
    public bool EndedInQuotes { get; private set; }

    /// <summary>Reads the next chunk; null at the end of the stream.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public CsvChunk? Next()
    {
        while (true)
        {
            while (_scan < _end)
            {
                if (_count == 0 || !_recordOpen)
                {
                    if (!_recordOpen)
                    {
                        _lines[_count] = _line;
                        _recordOpen = true;
                    }
                }

                var span = _buffer.AsSpan(_scan, _end - _scan);
                if (_inQuotes)
                {
                    int q = span.IndexOf((byte)'"');
                    if (q < 0)
                    {
                        _line += _rowNumbered ? 0 : span.Count((byte)'\n');
                        _scan = _end;
                        break;
                    }

                    _line += _rowNumbered ? 0 : span[..q].Count((byte)'\n');
                    _scan += q + 1;
                    _inQuotes = false; // a doubled quote re-enters quotes at the next '"'
                    continue;
                }

                int k = span.IndexOfAny(s_lineOrQuote);
                if (k < 0)
                {
                    _scan = _end;
                    break;
                }

                _scan += k + 1;
                if (span[k] == (byte)'"')
                {
                    _inQuotes = true;
                    continue;
                }

                // End of a record.
                _line++;
                _ends[_count] = _scan;
                _count++;
                _recordOpen = false;
                if (_count == _recordsPerChunk)
                {
                    return Emit(_scan);
                }
            }

            if (_eof)
            {
                if (_end > (_count == 0 ? 0 : _ends[_count - 1]) && _recordOpen)
                {
                    // The last record has no line end.
                    _ends[_count] = _end;
                    _count++;
                    _recordOpen = false;
                    EndedInQuotes = _inQuotes;
                }

                return _count > 0 ? Emit(_end) : null;
            }

            Fill();
        }
    }

    private CsvChunk Emit(int endOffset)
    {
        // The buffer becomes the chunk's data, and the chunk takes the record arrays (all given back to the pools
        // by CsvChunk.ReturnData): no copy of the records, and no fresh memory once the first chunks have come back.
        // The bytes read past the chunk's last record start the next buffer.
        var chunk = new CsvChunk(_chunkIndex++, _buffer, endOffset, _ends, _lines, _count, pooled: true)
        {
            Typed = (_stream as Sources.ParquetCsvStream)?.RowsOf(_lines[0], _lines[_count - 1]),
        };
        int tail = _end - endOffset;
        var next = ArrayPool<byte>.Shared.Rent(Math.Max(_bufferSize, tail));
        _buffer.AsSpan(endOffset, tail).CopyTo(next);
        _buffer = next;
        _ends = ArrayPool<int>.Shared.Rent(_recordsPerChunk);
        _lines = ArrayPool<long>.Shared.Rent(_recordsPerChunk);
        _scan -= endOffset;
        _end = tail;
        _count = 0;
        return chunk;
    }

    private void Fill()
    {
        // The unfinished chunk stays at the start of the buffer; a full buffer doubles (and so does every later one).
        if (_end == _buffer.Length)
        {
            _bufferSize = Math.Max(_buffer.Length, 8) * 2;
            var bigger = ArrayPool<byte>.Shared.Rent(_bufferSize);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        int read = _stream.Read(_buffer, _end, Math.Min(ReadBlock, _buffer.Length - _end));
        _hash?.AppendData(_buffer, _end, read);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
        BytesRead += read;
    }
}
