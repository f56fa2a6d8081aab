namespace ValueCore.Cluster.Work;

/// <summary>Constants of the job protocol (docs/cluster.md).</summary>
internal static class WorkProtocol
{
    /// <summary>The largest chunk of inputs or results in one message: 4 MiB, well below Orleans' default message body limit (100 MB).</summary>
    public const int ChunkBytes = 4 << 20;

    /// <summary>How long an attempt waits for the job's inputs that another attempt on the same silo is sending before it asks for them itself.</summary>
    public static readonly TimeSpan UploadClaim = TimeSpan.FromSeconds(60);

    /// <summary>Jobs a silo keeps inputs of; the least recently used beyond this are dropped.</summary>
    public const int JobsKept = 4;

    /// <summary>Cuts <paramref name="bytes"/> into chunks of at most <see cref="ChunkBytes"/> (one empty chunk for no bytes).</summary>
    public static byte[][] Chunks(byte[] bytes)
    {
        int n = Math.Max(1, (int)((bytes.LongLength + ChunkBytes - 1) / ChunkBytes));
        var chunks = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            int at = i * ChunkBytes;
            chunks[i] = bytes.AsSpan(at, Math.Min(ChunkBytes, bytes.Length - at)).ToArray();
        }

        return chunks;
    }
}
