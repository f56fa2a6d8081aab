using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>Group sums of a valuation reduced exactly as the streaming <c>valuecore raroc</c> batch reduces them (chunk partials merged
/// in book order), so that the tables, and the by_ files written from them, are bit-identical to the batch's.</summary>
internal static class RarocGroups
{
    /// <summary>Records per chunk of the batch (the streaming readers' chunk size); the first chunk also holds the header record.</summary>
    public const int RecordsPerChunk = IO.Csv.CsvChunker.RecordsPerChunk;

    public static GroupTable[] Tables(PortfolioResult result, IReadOnlyList<IReadOnlyList<string>> groupBy, int recordsPerChunk = RecordsPerChunk, int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(result);
        int n = result.Count;
        var book = result.Book;
        int first = Math.Min(n, recordsPerChunk - 1);
        int chunks = n <= first ? 1 : 1 + ((n - first + recordsPerChunk - 1) / recordsPerChunk);
        var tables = new GroupTable[groupBy.Count];
        for (int g = 0; g < groupBy.Count; g++)
        {
            var columns = groupBy[g].Select(book.TextColumn).ToArray();
            var partials = new GroupAccumulator[chunks];
            Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
            {
                int start = c == 0 ? 0 : first + ((c - 1) * recordsPerChunk);
                int end = c == 0 ? first : Math.Min(n, start + recordsPerChunk);
                var acc = new GroupAccumulator([]);
                var values = new string[columns.Length];
                var ead = book.Ead;
                var el = result.El;
                var ec = result.Ec;
                var rwa = result.Rwa;
                var revenue = result.Revenue;
                var ret = result.Return;
                var eva = result.Eva;
                for (int i = start; i < end; i++)
                {
                    for (int k = 0; k < columns.Length; k++)
                    {
                        values[k] = columns[k][i];
                    }

                    acc.Add(acc.GroupOf(GroupAccumulator.JoinKey(values)), ead[i], el[i], ec[i], rwa[i], revenue[i], ret[i], eva[i]);
                }

                partials[c] = acc;
            });
            var total = new GroupAccumulator(groupBy[g]);
            foreach (var p in partials)
            {
                total.Merge(p);
            }

            tables[g] = total.ToTable();
        }

        return tables;
    }
}
