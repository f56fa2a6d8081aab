using System.Globalization;
using ValueCore.Batch.Sinks;

namespace ValueCore.Tests.Sinks;

/// <summary><c>--format parquet</c>: read back by an independent reader (DuckDB) and compared with the CSV run's cells.</summary>
public sealed class ParquetSinkTests
{
    [Fact]
    public void Raroc_FormatParquet_DuckDbReadsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("parquet"), "--format", "parquet"));

        Directory.GetFiles(temp.Combine("parquet")).Select(Path.GetFileName).Order(StringComparer.Ordinal).Should().Equal(
            "by_segment.parquet", "by_segment_asset_class.parquet", "loans.parquet", "manifest.json", "rejected.csv");
        foreach (var name in new[] { "loans", "by_segment", "by_segment_asset_class" })
        {
            var (header, csv) = SinkRuns.ReadCsv(temp.Combine("csv", name + ".csv"));
            string parquet = $"read_parquet('{temp.Combine("parquet", name + ".parquet")}')";
            SinkRuns.Describe("SELECT * FROM " + parquet).Select(c => c.Name).Should().Equal(header, "the CSV's columns, in its order");
            SinkRuns.ShouldHoldTheCsvCells(SinkRuns.Query("SELECT * FROM " + parquet), csv, header);
        }

        // The empty cells really are there and are NULL: sales kept empty, the defaulted loan's RAROC.
        SinkRuns.Query($"SELECT count(*) FROM read_parquet('{temp.Combine("parquet", "loans.parquet")}') WHERE raroc IS NULL")[0][0].Should().Be(1L);
        long emptySales = File.ReadLines(book).Skip(1).Count(l => l.Split(',')[9].Length == 0);
        emptySales.Should().BeGreaterThan(100);
        SinkRuns.Query($"SELECT count(*) FROM read_parquet('{temp.Combine("parquet", "loans.parquet")}') WHERE sales IS NULL")[0][0].Should().Be(emptySales);
    }

    [Fact]
    public void Raroc_FormatParquet_ColumnsAreTyped()
    {
        using var temp = new TempFolder();
        SinkRuns.RunOk(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--format", "parquet"));

        var types = SinkRuns.Describe($"SELECT * FROM read_parquet('{temp.Combine("out", "loans.parquet")}')").ToDictionary(c => c.Name, c => c.Type);
        types["loan_id"].Should().Be("VARCHAR");
        types["customer_id"].Should().Be("VARCHAR");
        types["sales"].Should().Be("VARCHAR", "a kept column is text whatever it holds");
        types["segment"].Should().Be("VARCHAR");
        types["asset_class"].Should().Be("VARCHAR");
        foreach (var number in new[] { "ead", "pd", "k", "rwa", "el", "ec", "raroc", "eva" })
        {
            types[number].Should().Be("DOUBLE", number);
        }

        var groups = SinkRuns.Describe($"SELECT * FROM read_parquet('{temp.Combine("out", "by_segment.parquet")}')").ToDictionary(c => c.Name, c => c.Type);
        groups["segment"].Should().Be("VARCHAR");
        groups["loans"].Should().Be("DOUBLE");
    }

    [Fact]
    public void Raroc_FormatParquet_EveryColumnChunkHasMinMaxStatistics()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("out"), "--format", "parquet"));

        var stats = SinkRuns.Query($"SELECT path_in_schema, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata('{temp.Combine("out", "loans.parquet")}')");
        stats.Select(s => (string)s[0]).Should().Contain(["loan_id", "ead", "raroc"]);
        foreach (var s in stats.Where(s => (string)s[0] != "sales"))
        {
            s[1].Should().NotBe(DBNull.Value, $"{s[0]} has a minimum");
            s[2].Should().NotBe(DBNull.Value, $"{s[0]} has a maximum");
        }

        // The statistics are the CSV column's own extremes and empty-cell count (the CSV read by DuckDB, parsed by .NET).
        var (header, csv) = SinkRuns.ReadCsv(temp.Combine("csv", "loans.csv"));
        int ead = header.IndexOf("ead");
        var eads = csv.Select(r => double.Parse((string)r[ead], CultureInfo.InvariantCulture)).ToList();
        var eadStats = stats.Single(s => (string)s[0] == "ead");
        double.Parse((string)eadStats[1], CultureInfo.InvariantCulture).Should().Be(eads.Min());
        double.Parse((string)eadStats[2], CultureInfo.InvariantCulture).Should().Be(eads.Max());
        stats.Single(s => (string)s[0] == "raroc")[3].Should().Be(1L, "one loan has no RAROC");
    }

    [Fact]
    public void ParquetTableWriter_BigTable_RowGroupsOfBoundedSizeInOrder()
    {
        // 150,000 rows: three row groups (65,536 + 65,536 + 18,928), a date column, a text column with empty cells.
        using var temp = new TempFolder();
        const int Rows = 150_000;
        string csv = temp.Combine("t.csv");
        using (var w = new StreamWriter(csv))
        {
            w.Write("id,day,x,note\n");
            var start = new DateOnly(2020, 1, 1);
            for (int i = 0; i < Rows; i++)
            {
                w.Write(string.Create(CultureInfo.InvariantCulture, $"i{i},{start.AddDays(i % 3000):yyyy-MM-dd},{(i % 7 == 0 ? "" : (i * 0.1).ToString("R", CultureInfo.InvariantCulture))},{(i % 2 == 0 ? "" : "n" + i)}\n"));
            }
        }

        var table = CsvTable.Infer(csv, new HashSet<string>(["id"], StringComparer.Ordinal));
        string parquet = temp.Combine("t.parquet");
        using (var stream = File.Create(parquet))
        {
            ParquetTableWriter.Write(table, stream);
        }

        SinkRuns.Query($"SELECT row_group_id, row_group_num_rows FROM parquet_metadata('{parquet}') WHERE path_in_schema = 'id' ORDER BY row_group_id")
            .Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).Should().Equal(65_536L, 65_536L, 18_928L);
        SinkRuns.Describe($"SELECT * FROM read_parquet('{parquet}')").Select(c => c.Type).Should().Equal("VARCHAR", "DATE", "DOUBLE", "VARCHAR");
        var rows = SinkRuns.Query($"SELECT id, CAST(day AS VARCHAR), x, note FROM read_parquet('{parquet}')");
        var (_, expected) = SinkRuns.ReadCsv(csv);
        SinkRuns.ShouldHoldTheCsvCells(rows, expected, ["id", "day", "x", "note"]);
    }

    [Fact]
    public void CsvTable_Infer_KeepsTextThatIsNotAShortestNumber()
    {
        // "007" and "1.50" parse as numbers but would not come back as the same text: the column stays text.
        using var temp = new TempFolder();
        string csv = temp.File("t.csv", "a,b,c,d,e\n007,1.5,,2024-02-29,x\n1,2,,2024-02-30,\n");
        var table = CsvTable.Infer(csv, new HashSet<string>(StringComparer.Ordinal));
        table.Kinds.Should().Equal(ColumnKind.Text, ColumnKind.Double, ColumnKind.Double, ColumnKind.Text, ColumnKind.Text);
        table.Rows.Should().Be(2);
    }
}

/// <summary>The same sinks on <c>provision migration</c>, <c>provision ecl</c> and <c>price</c>: Parquet read back by
/// DuckDB equals the CSV run's cells, table by table, and the manifest lists the Parquet files.</summary>
public sealed class ProvisionMigrationSinkTests
{
    internal static string[] Args(string outDir, params string[] more) =>
    [
        "provision", "migration", "--book", Path.Combine(SinkRuns.RepoRoot, "samples", "provisions-book.csv"),
        "--matrix", Path.Combine(SinkRuns.RepoRoot, "samples", "five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss",
        "--out", outDir, .. more,
    ];

    private static string[] EclArgs(string outDir, params string[] more) => ["provision", "ecl", .. Args(outDir, more).Skip(2)];

    private static string[] PriceArgs(string outDir, params string[] more) =>
        ["price", "--book", Path.Combine(SinkRuns.RepoRoot, "samples", "provisions-book.csv"), "--out", outDir, .. more];

    [Fact]
    public void ProvisionMigration_FormatParquet_DuckDbReadsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        SinkRuns.RunOk(Args(temp.Combine("csv")));
        var (output, _) = SinkRuns.RunOk(Args(temp.Combine("parquet"), "--format", "parquet"));

        output.Should().Contain("wrote loans.parquet, by_class.parquet, by_segment.parquet, summary.txt");
        ParquetShouldHoldTheCsvRun(temp, "loans", "by_class", "by_segment");
    }

    [Fact]
    public void ProvisionEcl_FormatParquet_DuckDbReadsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        SinkRuns.RunOk(EclArgs(temp.Combine("csv")));
        var (output, _) = SinkRuns.RunOk(EclArgs(temp.Combine("parquet"), "--format", "parquet"));

        output.Should().Contain("wrote loans.parquet, by_stage.parquet, by_segment.parquet, summary.txt");
        ParquetShouldHoldTheCsvRun(temp, "loans", "by_stage", "by_segment");
    }

    [Fact]
    public void Price_FormatParquet_DuckDbReadsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        SinkRuns.RunOk(PriceArgs(temp.Combine("csv")));
        SinkRuns.RunOk(PriceArgs(temp.Combine("parquet"), "--format", "parquet"));

        ParquetShouldHoldTheCsvRun(temp, "prices");
    }

    /// <summary>Each table of the parquet run (folder <c>parquet</c>) has no CSV, the CSV run's (folder <c>csv</c>)
    /// header as its columns and the CSV's cells; the manifest lists the first table's Parquet file, not its CSV.</summary>
    private static void ParquetShouldHoldTheCsvRun(TempFolder temp, params string[] tables)
    {
        foreach (var name in tables)
        {
            File.Exists(temp.Combine("parquet", name + ".csv")).Should().BeFalse();
            var (header, csv) = SinkRuns.ReadCsv(temp.Combine("csv", name + ".csv"));
            string parquet = $"read_parquet('{temp.Combine("parquet", name + ".parquet")}')";
            SinkRuns.Describe("SELECT * FROM " + parquet).Select(c => c.Name).Should().Equal(header);
            SinkRuns.ShouldHoldTheCsvCells(SinkRuns.Query("SELECT * FROM " + parquet), csv, header);
        }

        File.ReadAllText(temp.Combine("parquet", "manifest.json")).Should().Contain($"\"{tables[0]}.parquet\"").And.NotContain($"\"{tables[0]}.csv\"");
    }
}
