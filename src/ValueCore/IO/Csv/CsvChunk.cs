namespace ValueCore.IO.Csv;

/// <summary>A run of whole CSV records copied out of the input: the unit of parallel work.</summary>
/// <param name="index">0-based chunk number in input order (-1 for a chunk made for one record).</param>
/// <param name="data">The records' bytes.</param>
/// <param name="length">How many bytes of <paramref name="data"/> are records.</param>
/// <param name="recordEnds">Each record's end offset; only the first <paramref name="count"/> entries are used.</param>
/// <param name="lines">Each record's first physical line; only the first <paramref name="count"/> entries are used.</param>
/// <param name="count">The number of records.</param>
/// <param name="pooled">Whether the three arrays were rented from the shared pools (the chunker's chunks), to be given back by <see cref="ReturnData"/>.</param>
internal sealed class CsvChunk(long index, byte[] data, int length, int[] recordEnds, long[] lines, int count, bool pooled = false)
{
    private bool _pooled = pooled;

    /// <summary>Gives a pooled chunk's arrays back to the shared pools, and its hold on its typed rows; the chunk must not be used afterwards.</summary>
    public void ReturnData()
    {
        if (!_pooled)
        {
            return;
        }

        _pooled = false;
        Typed?.Release(); // the decoded row groups' arrays go back to their source once no chunk holds them
        System.Buffers.ArrayPool<byte>.Shared.Return(Data);
        System.Buffers.ArrayPool<int>.Shared.Return(RecordEnds);
        System.Buffers.ArrayPool<long>.Shared.Return(Lines);
        Data = [];
        RecordEnds = [];
        Lines = [];
    }

    /// <summary>0-based chunk number in input order.</summary>
    public long Index { get; } = index;

    /// <summary>The bytes of the records (each ends with LF, except perhaps the file's last).</summary>
    public byte[] Data { get; private set; } = data;

    public int Length { get; } = length;

    /// <summary>End offset (exclusive, after the LF) of record r; record r starts at RecordEnds[r - 1] (0 for r = 0).</summary>
    public int[] RecordEnds { get; private set; } = recordEnds;

    /// <summary>The 1-based physical line on which record r starts.</summary>
    public long[] Lines { get; private set; } = lines;

    public int Count { get; } = count;

    /// <summary>The decoded number columns of the chunk's rows, from a typed source read by the column path (null: every field is text).</summary>
    public Sources.TypedRows? Typed { get; init; }

    /// <summary>Record r without its line end (LF or CRLF).</summary>
    public ReadOnlySpan<byte> Record(int r)
    {
        int start = r == 0 ? 0 : RecordEnds[r - 1];
        int end = RecordEnds[r];
        if (end > start && Data[end - 1] == (byte)'\n')
        {
            end--;
            if (end > start && Data[end - 1] == (byte)'\r')
            {
                end--;
            }
        }

        return Data.AsSpan(start, end - start);
    }
}
