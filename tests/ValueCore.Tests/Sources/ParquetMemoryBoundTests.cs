using System.Text.Json;
using ValueCore.IO.Csv;
using ValueCore.IO.Sources;
using ValueCore.Tests.Cli;
using static ValueCore.Tests.Sources.BookSourceTests;

namespace ValueCore.Tests.Sources;

/// <summary>
/// The Parquet column path in bounded memory (docs/conventions.md, "Parquet memory bound"): a row group's arrays are
/// recycled once no chunk holds the group, so the arrays made depend on the row groups in flight, not on the book; the
/// rendered length estimate sizes the duplicate-identifier table for the book's rows. The books are written by DuckDB.
/// </summary>
public sealed class ParquetMemoryBoundTests
{
    private const int Rows = 60_000;
    private const int RowGroupRows = 1_024; // 59 row groups, 8 of them per chunk of 8192 records

    // The number-only fields of the sample book (column indexes): ead, pd, lgd, maturity, sales, rate, ftp_rate, fees, opex.
    private static readonly HashSet<int> s_numberFields = [5, 6, 7, 8, 9, 10, 11, 12, 13];

    [Fact]
    public void Chunks_ManyRowGroupsReadAndGivenBack_NumberArraysRecycledNotMadePerGroup()
    {
        using var temp = new TempFolder();
        string parquet = Book(temp);
        const int Window = 3; // two threads, one group decoded ahead of them

        using var stream = ParquetCsvStream.Open(parquet, maxDegreeOfParallelism: Window - 1, typed: s_numberFields);
        using var chunker = new CsvChunker(stream, CsvChunker.RecordsPerChunk);
        long rows = -1; // the header
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            rows += chunk.Count;
            chunk.ReturnData(); // as the batch does once a chunk is written
        }

        rows.Should().Be(Rows);
        int groups = (Rows + RowGroupRows - 1) / RowGroupRows;
        // Without recycling each row group makes one array per number field (9 x 59 here). With it, only the groups
        // alive at once: the window, and those the reader has handed over but the chunker not yet passed (a chunk's
        // worth, 8192 / 1024, plus the one it reads into and one read ahead), whatever the number of groups.
        int alive = Window + (CsvChunker.RecordsPerChunk / RowGroupRows) + 2;
        stream.NumberArraysMade.Should().BeLessThanOrEqualTo(s_numberFields.Count * alive)
            .And.BeLessThan(s_numberFields.Count * groups / 2);
        stream.BlocksMade.Should().BeLessThanOrEqualTo(Window + 2, "a text block goes back once the reader has copied it out");
    }

    [Fact]
    public void InputLength_ColumnPathAfterFirstChunk_EstimatesTheBooksRows()
    {
        using var temp = new TempFolder();
        string parquet = Book(temp);

        using var chunker = CsvChunker.OpenFile(parquet, CsvChunker.RecordsPerChunk, s_numberFields);
        var first = chunker.Next()!;

        // HashSet64.ForFile sizes the duplicate-identifier table from length x records / bytes of the first chunk. The
        // column path renders no numbers (a row is a third of its CSV text): a length guessed from the column count
        // (8 bytes a cell) put the estimate at 2-3 times the rows; from the rendered bytes it is the rows (+-10%).
        double estimatedRows = (double)chunker.InputLength * (first.Count - 1) / first.Length;
        estimatedRows.Should().BeInRange(0.9 * Rows, 1.1 * Rows);
        first.ReturnData();
    }

    [Fact]
    public void Raroc_RecycledRowGroupArrays_WriteTheCsvRunsBytes()
    {
        // Recycled arrays hold the last group's values and null flags: every row must be written again. The sample book
        // has empty maturity and sales cells scattered across the groups, so a stale flag or value would show.
        using var temp = new TempFolder();
        string parquet = Book(temp);

        var csv = CliRunner.Run("raroc", "--book", temp.Combine("book.csv"), "--out", temp.Combine("csv"), "--by", "segment,product");
        var pq = CliRunner.Run("raroc", "--book", parquet, "--out", temp.Combine("pq"), "--by", "segment,product");

        csv.Code.Should().Be(0, csv.Error);
        pq.Code.Should().Be(0, pq.Error);
        SameFile(temp.Combine("pq", "loans.csv"), temp.Combine("csv", "loans.csv"));
        SameFile(temp.Combine("pq", "by_segment_product.csv"), temp.Combine("csv", "by_segment_product.csv"));
    }

    [Fact]
    public void CliRuntimeConfig_GarbageCollector_ConservesMemory()
    {
        // Parquet.Net copies each snappy page into a fresh large array; without compaction of the large-object heap the
        // CLI's peak memory grew with the book (benchmarks/README.md, "Issue 19").
        string config = Path.Combine(AppContext.BaseDirectory, "ValueCore.Cli.runtimeconfig.json");
        using var json = JsonDocument.Parse(File.ReadAllText(config));

        json.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").GetProperty("System.GC.ConserveMemory").GetInt32()
            .Should().BeInRange(5, 8, "5 bounds a Parquet run's memory (measured), 9 cost about 15% CPU at 1M rows");
    }

    /// <summary>The sample book (CSV) and its Parquet copy in small row groups, by DuckDB.</summary>
    private static string Book(TempFolder temp)
    {
        string csv = temp.Combine("book.csv");
        var sample = CliRunner.Run("sample", "--rows", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7", "--out", csv);
        sample.Code.Should().Be(0, sample.Error);
        string parquet = temp.Combine("book.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{csv}', header = true, types = {{'loan_id': 'VARCHAR', 'customer_id': 'VARCHAR'}})) "
            + $"TO '{parquet}' (FORMAT parquet, ROW_GROUP_SIZE {RowGroupRows})");
        return parquet;
    }
}
