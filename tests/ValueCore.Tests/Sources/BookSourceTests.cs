using System.IO.Compression;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Sources;

/// <summary>
/// Parquet and compressed CSV books (docs/loan-book.md, "Book sources"). The Parquet files are written by an
/// independent writer, DuckDB, from the bundled CSV samples with typed columns (decimal, double, integer, date,
/// dictionary-encoded text, nulls); the expected outputs are those of the same command on the CSV itself, byte for byte.
/// </summary>
public sealed class BookSourceTests
{
    private static readonly string LoanBook = Path.Combine(Root(), "samples", "loanbook.csv");
    private static readonly string ProvisionsBook = Path.Combine(Root(), "samples", "provisions-book.csv");

    // Typed columns for DuckDB's CSV reader: amounts as DECIMAL, rates as DOUBLE, text (DuckDB dictionary-encodes it).
    private const string LoanBookTypes = "{'loan_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'segment': 'VARCHAR', 'product': 'VARCHAR', 'asset_class': 'VARCHAR', "
        + "'ead': 'DECIMAL(18,2)', 'pd': 'DOUBLE', 'lgd': 'DOUBLE', 'maturity': 'DECIMAL(9,2)', 'sales': 'DOUBLE', 'rate': 'DOUBLE', 'ftp_rate': 'DOUBLE', "
        + "'fees': 'DECIMAL(18,2)', 'opex': 'DOUBLE', 'classification': 'VARCHAR', "
        + "'large_fi': 'BOOLEAN', 'qrre_transactor': 'BOOLEAN', 'approach': 'VARCHAR', 'collateral_type': 'VARCHAR', 'collateral_value': 'DOUBLE', " // the Basel III columns (issue 20)
        + "'collateral_haircut': 'DOUBLE', 'seniority': 'VARCHAR', 'guarantor_pd': 'DOUBLE', 'guarantor_class': 'VARCHAR', 'guaranteed_amount': 'DOUBLE', "
        + "'rating': 'VARCHAR', 'scra_grade': 'VARCHAR', 'ltv': 'DOUBLE', 'provision': 'DOUBLE'}";

    [Fact]
    public void Raroc_ParquetBook_WritesTheCsvRunsBytes()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("book.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})) TO '{parquet}' (FORMAT parquet, ROW_GROUP_SIZE 100)");

        var csv = CliRunner.Run("raroc", "--book", LoanBook, "--out", temp.Combine("csv"), "--keep", "customer_id", "--by", "segment,product");
        var pq = CliRunner.Run("raroc", "--book", parquet, "--out", temp.Combine("pq"), "--keep", "customer_id", "--by", "segment,product");

        csv.Code.Should().Be(0, csv.Error);
        pq.Code.Should().Be(0, pq.Error);
        SameFile(temp.Combine("pq", "loans.csv"), temp.Combine("csv", "loans.csv"));
        SameFile(temp.Combine("pq", "by_segment_product.csv"), temp.Combine("csv", "by_segment_product.csv"));
    }

    [Fact]
    public void Raroc_FolderOfParquetParts_ReadsThePartsInNameOrder()
    {
        using var temp = new TempFolder();
        string folder = temp.Combine("parts");
        Directory.CreateDirectory(folder);
        string select = $"SELECT * FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})";
        // Written out of name order, with several row groups each: the reader must order them by name.
        DuckDb($"COPY ({select} WHERE loan_id > 'L0000000699') TO '{Path.Combine(folder, "part-2.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 64)");
        DuckDb($"COPY ({select} WHERE loan_id <= 'L0000000399') TO '{Path.Combine(folder, "part-0.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 64)");
        DuckDb($"COPY ({select} WHERE loan_id > 'L0000000399' AND loan_id <= 'L0000000699') TO '{Path.Combine(folder, "part-1.parquet")}' (FORMAT parquet, ROW_GROUP_SIZE 64)");

        var csv = CliRunner.Run("raroc", "--book", LoanBook, "--out", temp.Combine("csv"), "--threads", "1");
        var pq = CliRunner.Run("raroc", "--book", folder, "--out", temp.Combine("pq"));

        pq.Code.Should().Be(0, pq.Error);
        SameFile(temp.Combine("pq", "loans.csv"), temp.Combine("csv", "loans.csv"));
    }

    [Fact]
    public void Manifest_FolderOfParquetParts_HashesThePartsNamesAndBytesInNameOrder()
    {
        using var temp = new TempFolder();
        string folder = temp.Combine("parts");
        Directory.CreateDirectory(folder);
        string select = $"SELECT * FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})";
        DuckDb($"COPY ({select} WHERE loan_id <= 'L0000000399') TO '{Path.Combine(folder, "part-0.parquet")}' (FORMAT parquet)");
        DuckDb($"COPY ({select} WHERE loan_id > 'L0000000399') TO '{Path.Combine(folder, "part-1.parquet")}' (FORMAT parquet)");

        CliRunner.Run("raroc", "--book", folder, "--out", temp.Combine("a")).Code.Should().Be(0);
        File.Move(Path.Combine(folder, "part-1.parquet"), Path.Combine(folder, "part-9.parquet"));
        CliRunner.Run("raroc", "--book", folder, "--out", temp.Combine("b")).Code.Should().Be(0);

        // The documented definition, computed here: per part in name order its UTF-8 name, a zero byte, its length
        // (8 bytes, little-endian) and its bytes.
        static string Expected(string folder)
        {
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            foreach (var part in Directory.GetFiles(folder, "*.parquet").Order(StringComparer.Ordinal))
            {
                var bytes = File.ReadAllBytes(part);
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(part)));
                hash.AppendData([0]);
                hash.AppendData(BitConverter.GetBytes((long)bytes.Length)); // little-endian on every platform .NET 10 runs on
                hash.AppendData(bytes);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }

        string Sha(string run) => System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Combine(run, "manifest.json"))).RootElement.GetProperty("input").GetProperty("sha256").GetString()!;
        Sha("b").Should().Be(Expected(folder));
        Sha("a").Should().NotBe(Sha("b"), "a part renamed is another input");
        SameFile(temp.Combine("b", "loans.csv"), temp.Combine("a", "loans.csv"));
    }

    [Fact]
    public void Impair_CashFlowsAndLoansCompressedOrParquet_WriteTheCsvRunsFiles()
    {
        // impair's loans and cash flows go through the one tokenizer (CsvChunker.OpenFile -> BookSource), so the other
        // sources serve them too: gzip-compressed by .NET, Parquet written by DuckDB (dates as DATE, amounts as DOUBLE).
        using var temp = new TempFolder();
        string loans = Path.Combine(Root(), "samples", "impairment-loans.csv");
        string flows = Path.Combine(Root(), "samples", "impairment-cashflows.csv");
        string gz = temp.Combine("flows.csv.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Optimal))
        {
            zip.Write(File.ReadAllBytes(flows));
        }

        string flowsParquet = temp.Combine("flows.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{flows}', header = true, all_varchar = true)) TO '{flowsParquet}' (FORMAT parquet)");
        string loansParquet = temp.Combine("loans.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{loans}', header = true, all_varchar = true)) TO '{loansParquet}' (FORMAT parquet)");

        var csv = CliRunner.Run("impair", "--loans", loans, "--cashflows", flows, "--roll-forward", "2025-12-31,2026-12-31", "--out", temp.Combine("csv"));
        var compressed = CliRunner.Run("impair", "--loans", loans, "--cashflows", gz, "--roll-forward", "2025-12-31,2026-12-31", "--out", temp.Combine("gz"));
        var parquet = CliRunner.Run("impair", "--loans", loansParquet, "--cashflows", flowsParquet, "--roll-forward", "2025-12-31,2026-12-31", "--out", temp.Combine("pq"));

        csv.Code.Should().Be(0, csv.Error);
        compressed.Code.Should().Be(0, compressed.Error);
        parquet.Code.Should().Be(0, parquet.Error);
        foreach (var file in Directory.GetFiles(temp.Combine("csv"), "*.csv").Select(Path.GetFileName))
        {
            SameFile(temp.Combine("gz", file!), temp.Combine("csv", file!));
            SameFile(temp.Combine("pq", file!), temp.Combine("csv", file!));
        }
    }

    [Fact]
    public void MigrationEstimate_CompressedHistory_WritesTheCsvRunsFilesAndParquetIsRefused()
    {
        using var temp = new TempFolder();
        string history = Path.Combine(Root(), "samples", "migration-history.csv");
        string zst = temp.Combine("history.csv.zst");
        using (var file = File.Create(zst))
        using (var zip = new ZstdSharp.CompressionStream(file, 3))
        {
            zip.Write(File.ReadAllBytes(history));
        }

        string parquet = temp.Combine("history.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{history}', header = true, all_varchar = true)) TO '{parquet}' (FORMAT parquet)");

        var csv = CliRunner.Run("migration", "estimate", "--history", history, "--method", "cohort", "--out", temp.Combine("csv"));
        var compressed = CliRunner.Run("migration", "estimate", "--history", zst, "--method", "cohort", "--out", temp.Combine("zst"));
        var pq = CliRunner.Run("migration", "estimate", "--history", parquet, "--method", "cohort", "--out", temp.Combine("pq"));

        csv.Code.Should().Be(0, csv.Error);
        compressed.Code.Should().Be(0, compressed.Error);
        foreach (var file in Directory.GetFiles(temp.Combine("csv"), "*.csv").Select(Path.GetFileName))
        {
            SameFile(temp.Combine("zst", file!), temp.Combine("csv", file!));
        }

        pq.Code.Should().Be(3);
        pq.Error.Should().Contain("history.parquet: is Parquet: a rating history is read from CSV");
    }

    [Fact]
    public void Raroc_BadRowInTheSecondPart_IsNamedByItsRowAcrossParts()
    {
        using var temp = new TempFolder();
        string folder = temp.Combine("parts");
        Directory.CreateDirectory(folder);
        string select = $"SELECT loan_id, segment, asset_class, ead, CASE WHEN loan_id = 'L0000000449' THEN 1.5 ELSE pd END AS pd, lgd, maturity, rate, ftp_rate "
            + $"FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})";
        DuckDb($"COPY ({select} WHERE loan_id <= 'L0000000399') TO '{Path.Combine(folder, "a.parquet")}' (FORMAT parquet)");
        DuckDb($"COPY ({select} WHERE loan_id > 'L0000000399') TO '{Path.Combine(folder, "b.parquet")}' (FORMAT parquet)");

        var run = CliRunner.Run("raroc", "--book", folder, "--out", temp.Combine("out"));

        // L0000000449 is the 450th data row of the book: the 50th row of b.parquet, numbered on from a.parquet's 400.
        run.Code.Should().Be(3);
        run.Error.Should().Contain("parts row 450: pd = 1.5 is outside (0, 1]");
        File.ReadAllLines(temp.Combine("out", "rejected.csv")).Should().HaveCount(2).And.Contain(l => l.StartsWith("450,L0000000449,pd,1.5,", StringComparison.Ordinal));
    }

    [Fact]
    public void Raroc_ParquetWithoutARequiredColumn_IsAProblemOfItsColumnsNotOfRow1()
    {
        // Row 1 is a data row in a Parquet source: a header problem must not be reported as row 1's, and row 1's as its own.
        using var temp = new TempFolder();
        string noPd = temp.Combine("no-pd.parquet");
        DuckDb($"COPY (SELECT * EXCLUDE (pd) FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})) TO '{noPd}' (FORMAT parquet)");
        string badFirst = temp.Combine("bad-first.parquet");
        DuckDb($"COPY (SELECT * REPLACE (CASE WHEN loan_id = 'L0000000000' THEN 1.5 ELSE pd END AS pd) FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})) TO '{badFirst}' (FORMAT parquet)");

        var missing = CliRunner.Run("raroc", "--book", noPd, "--out", temp.Combine("a"));
        var first = CliRunner.Run("raroc", "--book", badFirst, "--out", temp.Combine("b"));

        missing.Code.Should().Be(3);
        missing.Error.Should().Contain("no-pd.parquet columns: required column 'pd' is missing").And.NotContain("row 1");
        first.Code.Should().Be(3);
        first.Error.Should().Contain("bad-first.parquet row 1: pd = 1.5 is outside (0, 1]");
    }

    [Fact]
    public void Raroc_ParquetIntegerDateAndNullColumns_ReadAsTheirCsvText()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("typed.parquet");
        DuckDb("COPY (SELECT 'A1' AS loan_id, 'corp' AS segment, 'corporate' AS asset_class, 1000000::INTEGER AS ead, 0.01::DOUBLE AS pd, "
            + "0.45::DECIMAL(5,4) AS lgd, 2.5::DOUBLE AS maturity, NULL::DOUBLE AS sales, 0.05::FLOAT AS rate, 0.03::DOUBLE AS ftp_rate, "
            + "DATE '2025-12-31' AS as_of, 7::BIGINT AS n, NULL::VARCHAR AS note, 'a, \"b\"' AS label) "
            + $"TO '{parquet}' (FORMAT parquet)");
        string csv = temp.File("typed.csv",
            "loan_id,segment,asset_class,ead,pd,lgd,maturity,sales,rate,ftp_rate,as_of,n,note,label\n"
            + "A1,corp,corporate,1000000,0.01,0.45,2.5,,0.05000000074505806,0.03,2025-12-31,7,,\"a, \"\"b\"\"\"\n");

        var fromCsv = CliRunner.Run("raroc", "--book", csv, "--out", temp.Combine("csv"), "--keep", "as_of,n,note,label");
        var fromParquet = CliRunner.Run("raroc", "--book", parquet, "--out", temp.Combine("pq"), "--keep", "as_of,n,note,label");

        fromParquet.Code.Should().Be(0, fromParquet.Error);
        File.ReadAllLines(temp.Combine("pq", "loans.csv"))[1].Should().StartWith("A1,2025-12-31,7,,\"a, \"\"b\"\"\",corp,corporate,1000000,");
        SameFile(temp.Combine("pq", "loans.csv"), temp.Combine("csv", "loans.csv"));
    }

    [Theory]
    [InlineData(".csv.gz")]
    [InlineData(".csv.zst")]
    public void Raroc_CompressedCsv_WritesThePlainRunsBytes(string extension)
    {
        using var temp = new TempFolder();
        string packed = temp.Combine("book" + extension);
        using (var output = File.Create(packed))
        using (Stream compressor = extension == ".csv.gz" ? new GZipStream(output, CompressionLevel.Optimal) : new ZstdSharp.CompressionStream(output))
        using (var input = File.OpenRead(LoanBook))
        {
            input.CopyTo(compressor);
        }

        var plain = CliRunner.Run("raroc", "--book", LoanBook, "--out", temp.Combine("csv"));
        var unpacked = CliRunner.Run("raroc", "--book", packed, "--out", temp.Combine("packed"));

        unpacked.Code.Should().Be(0, unpacked.Error);
        new FileInfo(packed).Length.Should().BeLessThan(new FileInfo(LoanBook).Length / 2);
        SameFile(temp.Combine("packed", "loans.csv"), temp.Combine("csv", "loans.csv"));
    }

    [Fact]
    public void ProvisionEcl_ParquetBook_WritesTheCsvRunsFiles()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("provisions.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{ProvisionsBook}', header = true, all_varchar = true)) TO '{parquet}' (FORMAT parquet)");
        string matrix = Path.Combine(Root(), "samples", "five-tier-matrix.csv");
        string[] common = ["--matrix", matrix, "--default-states", "substandard,doubtful,loss"];

        var csv = CliRunner.Run(["provision", "ecl", "--book", ProvisionsBook, "--out", temp.Combine("csv"), .. common]);
        var pq = CliRunner.Run(["provision", "ecl", "--book", parquet, "--out", temp.Combine("pq"), .. common]);

        csv.Code.Should().Be(0, csv.Error);
        pq.Code.Should().Be(0, pq.Error);
        foreach (var file in Directory.GetFiles(temp.Combine("csv"), "*.csv"))
        {
            SameFile(temp.Combine("pq", Path.GetFileName(file)), file);
        }
    }

    [Fact]
    public void CapitalAndScenario_ParquetBook_WriteTheCsvRunsFiles()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("book.parquet");
        DuckDb($"COPY (SELECT * FROM read_csv('{LoanBook}', header = true, columns = {LoanBookTypes})) TO '{parquet}' (FORMAT parquet)");
        string scenarios = Path.Combine(Root(), "samples", "scenarios.yaml");

        foreach (var (name, args) in new (string, string[])[]
        {
            ("capital", ["capital", "--mc-scenarios", "2000", "--seed", "7"]),
            ("scenario", ["scenario", "--scenarios", scenarios, "--measures", "raroc"]),
        })
        {
            var csv = CliRunner.Run([.. args, "--book", LoanBook, "--out", temp.Combine(name + "-csv")]);
            var pq = CliRunner.Run([.. args, "--book", parquet, "--out", temp.Combine(name + "-pq")]);
            csv.Code.Should().Be(0, csv.Error);
            pq.Code.Should().Be(0, pq.Error);
            var files = Directory.GetFiles(temp.Combine(name + "-csv"), "*.csv", SearchOption.AllDirectories);
            files.Should().NotBeEmpty();
            foreach (var file in files)
            {
                SameFile(file.Replace(name + "-csv", name + "-pq", StringComparison.Ordinal), file);
            }
        }
    }

    internal static void DuckDb(string sql)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static void SameFile(string actual, string expected) =>
        File.ReadAllBytes(actual).Should().Equal(File.ReadAllBytes(expected), $"{actual} should equal {expected} byte for byte");

    internal static string Root([CallerFilePath] string path = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
