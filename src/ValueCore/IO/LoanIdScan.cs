using System.Text;
using ValueCore.IO.Csv;

namespace ValueCore.IO;

/// <summary>
/// The second pass of the duplicate-identifier check: after the first pass has kept only 64-bit hashes, the book is
/// read again for the identifiers whose hash repeated, so that a true repeat can name its first line and two
/// identifiers that merely share a hash are both kept.
/// </summary>
internal static class LoanIdScan
{
    /// <summary>
    /// Every well-formed record (right field count, no quoting error) whose non-empty loan_id hashes into
    /// <paramref name="hashes"/>, in file order, as its physical line and identifier.
    /// </summary>
    public static IEnumerable<(long Line, string LoanId)> Matching(string path, LoanBookSchema schema, IReadOnlySet<ulong> hashes, int recordsPerChunk)
    {
        using var stream = Sources.BookSource.OpenRead(path, 1);
        var chunker = new CsvChunker(stream, recordsPerChunk);
        var splitter = new CsvRecordSplitter();
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            var found = new List<(long, string)>();
            for (int r = chunk.Index == 0 ? 1 : 0; r < chunk.Count; r++)
            {
                int start = r == 0 ? 0 : chunk.RecordEnds[r - 1];
                splitter.Split(chunk.Data, start, chunk.Record(r).Length);
                if (splitter.Error is null && splitter.Count == schema.FieldCount)
                {
                    var id = splitter.Value(schema.LoanId);
                    if (!id.IsEmpty && hashes.Contains(Hash64.Of(id)))
                    {
                        found.Add((chunk.Lines[r], Encoding.UTF8.GetString(id)));
                    }
                }
            }

            chunk.ReturnData();
            foreach (var match in found)
            {
                yield return match;
            }
        }
    }
}
