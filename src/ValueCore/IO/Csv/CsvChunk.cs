namespace ValueCore.IO.Csv;

/// <summary>A run of whole CSV records copied out of the input: the unit of parallel work.</summary>
internal sealed class CsvChunk
{
    public CsvChunk(long index, byte[] data, int length, int[] recordEnds, long[] lines, int count)
    {
        Index = index;
        Data = data;
        Length = length;
        RecordEnds = recordEnds;
        Lines = lines;
        Count = count;
    }

    /// <summary>Gives the data buffer back to the shared pool; the chunk must not be used afterwards.</summary>
    public void ReturnData()
    {
        if (Data.Length > 0)
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(Data);
            Data = [];
        }
    }

    /// <summary>0-based chunk number in input order.</summary>
    public long Index { get; }

    /// <summary>The bytes of the records (each ends with LF, except perhaps the file's last).</summary>
    public byte[] Data { get; private set; }

    public int Length { get; }

    /// <summary>End offset (exclusive, after the LF) of record r; record r starts at RecordEnds[r - 1] (0 for r = 0).</summary>
    public int[] RecordEnds { get; }

    /// <summary>The 1-based physical line on which record r starts.</summary>
    public long[] Lines { get; }

    public int Count { get; }

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
