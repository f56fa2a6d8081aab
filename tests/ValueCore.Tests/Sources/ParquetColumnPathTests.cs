using System.Text;
using ValueCore.IO.Csv;
using ValueCore.Tests.Cli;
using static ValueCore.Tests.Sources.BookSourceTests;

namespace ValueCore.Tests.Sources;

/// <summary>
/// The Parquet column path (docs/loan-book.md, "Book sources"; docs/conventions.md, "Parquet column path"): a loan
/// book's number-only fields come from the Parquet file as decoded doubles, not as rendered text, and are checked by
/// the same rules with the same messages. The files are written by DuckDB, an independent writer.
/// </summary>
public sealed class ParquetColumnPathTests
{
    [Fact]
    public void OpenFile_ParquetNumberFields_CarryDecodedDoublesAndLeaveTheirCellsEmpty()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("t.parquet");
        // d DOUBLE, f FLOAT, i INTEGER: typed; big BIGINT beyond 2^53 in this row group: rendered as its digits.
        DuckDb("COPY (SELECT * FROM (VALUES ('A1', 1.5::DOUBLE, 0.1::FLOAT, 7::INTEGER, 9007199254740993::BIGINT, 'x'), "
            + "('A2', NULL, NULL, NULL, 5::BIGINT, NULL)) v(id, d, f, i, big, t)) "
            + $"TO '{parquet}' (FORMAT parquet)");

        using var chunker = CsvChunker.OpenFile(parquet, 8192, new HashSet<int> { 1, 2, 3, 4 });
        var chunk = chunker.Next()!;

        Encoding.UTF8.GetString(chunk.Record(1)).Should().Be("A1,,,,9007199254740993,x");
        Encoding.UTF8.GetString(chunk.Record(2)).Should().Be("A2,,,,5,");
        chunk.Lines.Take(3).Should().Equal(0, 1, 2); // header row 0, then data rows
        int hint = 0;
        var group = chunk.Typed!.Find(1, ref hint);
        group.Numbers[1]!.Value(0).Should().Be(1.5);
        group.Numbers[2]!.Value(0).Should().Be((double)0.1f);
        group.Numbers[2]!.Text(0).Should().Be("0.10000000149011612"); // the shortest round-trip text of the double nearest 0.1f
        group.Numbers[3]!.Value(0).Should().Be(7);
        group.Numbers[3]!.Text(0).Should().Be("7");
        group.Numbers[4].Should().BeNull("a BIGINT beyond 2^53 is not exactly a double: it is rendered");
        group.Numbers[0].Should().BeNull("loan ids are text");
        group.Numbers[1]!.IsNull(1).Should().BeTrue();
        group.Numbers[2]!.IsNull(1).Should().BeTrue();
        group.Numbers[3]!.IsNull(1).Should().BeTrue();
        group.Numbers[1]!.Text(1).Should().BeEmpty();
    }

    [Fact]
    public void Raroc_ParquetNumbersOutsideTheirRules_RejectedAsTheCsvTextWouldBe()
    {
        using var temp = new TempFolder();
        string folder = temp.Combine("parts");
        Directory.CreateDirectory(folder);
        const string Columns = " v(loan_id, segment, asset_class, ead, pd, lgd, maturity, rate, ftp_rate)";
        DuckDb("COPY (SELECT * FROM (VALUES ('A1', 'corp', 'corporate', 1000.0::DOUBLE, 0.01::DOUBLE, 0.45::DOUBLE, 2.5::DOUBLE, 0.05::DOUBLE, 0.03::DOUBLE), "
            + "('A2', 'corp', 'corporate', 'inf'::DOUBLE, 'nan'::DOUBLE, -0.1::DOUBLE, 2.5::DOUBLE, NULL::DOUBLE, 0.03::DOUBLE))" + Columns + ") "
            + $"TO '{Path.Combine(folder, "a.parquet")}' (FORMAT parquet)");
        DuckDb("COPY (SELECT * FROM (VALUES ('A3', 'corp', 'corporate', 500::INTEGER, 1.5::FLOAT, 0.45::FLOAT, NULL::INTEGER, 0.04::FLOAT, 0.03::FLOAT), "
            + "('A4', 'corp', 'sme', 200::INTEGER, 0.02::FLOAT, 0.4::FLOAT, 3::INTEGER, 0.06::FLOAT, 0.03::FLOAT))" + Columns + ") "
            + $"TO '{Path.Combine(folder, "b.parquet")}' (FORMAT parquet)");
        // The same cells as CSV text, as the typed source renders them (a float as its double's shortest text).
        string csv = temp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate\n"
            + "A1,corp,corporate,1000,0.01,0.45,2.5,0.05,0.03\n"
            + "A2,corp,corporate,Infinity,NaN,-0.1,2.5,,0.03\n"
            + "A3,corp,corporate,500,1.5,0.44999998807907104,,0.03999999910593033,0.029999999329447746\n"
            + "A4,corp,sme,200,0.019999999552965164,0.4000000059604645,3,0.05999999865889549,0.029999999329447746\n");

        var fromCsv = CliRunner.Run("raroc", "--book", csv, "--out", temp.Combine("csv"), "--skip-invalid");
        var fromParquet = CliRunner.Run("raroc", "--book", folder, "--out", temp.Combine("pq"), "--skip-invalid");

        fromCsv.Code.Should().Be(0, fromCsv.Error);
        fromParquet.Code.Should().Be(0, fromParquet.Error);
        var expected = File.ReadAllLines(temp.Combine("csv", "rejected.csv"));
        var actual = File.ReadAllLines(temp.Combine("pq", "rejected.csv"));
        expected.Should().HaveCount(7, "A2: ead, pd, lgd, rate; A3: pd, maturity (corporate, no term); and the header");
        // The CSV names a physical line (header = line 1), the Parquet book a data row numbered across the parts.
        actual.Skip(1).Select(l => l[l.IndexOf(',', StringComparison.Ordinal)..])
            .Should().Equal(expected.Skip(1).Select(l => l[l.IndexOf(',', StringComparison.Ordinal)..]));
        actual.Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).Should().Equal("2", "2", "2", "2", "3", "3");
        actual.Should().Contain("2,A2,pd,NaN,is not a number (use '.' as decimal separator; NaN and Infinity are not allowed)");
        SameFile(temp.Combine("pq", "loans.csv"), temp.Combine("csv", "loans.csv"));
    }

    [Fact]
    public void Raroc_ParquetBook_ManifestHashesTheParquetBytes()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("book.parquet");
        DuckDb("COPY (SELECT * FROM (VALUES ('A1', 'corp', 'corporate', 1000.0::DOUBLE, 0.01::DOUBLE, 0.45::DOUBLE, 2.5::DOUBLE, 0.05::DOUBLE, 0.03::DOUBLE)) "
            + $"v(loan_id, segment, asset_class, ead, pd, lgd, maturity, rate, ftp_rate)) TO '{parquet}' (FORMAT parquet)");

        var run = CliRunner.Run("raroc", "--book", parquet, "--out", temp.Combine("out"));

        run.Code.Should().Be(0, run.Error);
        string expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(parquet)));
        File.ReadAllText(temp.Combine("out", "manifest.json")).Should().Contain($"\"sha256\": \"{expected}\"");
    }

    [Fact]
    public void Raroc_ParquetNumberColumnAlsoKept_IsCopiedAsItsText()
    {
        using var temp = new TempFolder();
        string parquet = temp.Combine("book.parquet");
        DuckDb("COPY (SELECT * FROM (VALUES ('A1', 'corp', 'corporate', 1000.0::DOUBLE, 0.01::DOUBLE, 0.45::DOUBLE, 2.5::DOUBLE, 0.05::DOUBLE, 0.03::DOUBLE)) "
            + $"v(loan_id, segment, asset_class, ead, pd, lgd, maturity, rate, ftp_rate)) TO '{parquet}' (FORMAT parquet)");

        // lgd is both a number field and a kept column (and rate a grouping): both stay text, the kept cell is copied.
        var run = CliRunner.Run("raroc", "--book", parquet, "--out", temp.Combine("out"), "--keep", "lgd", "--by", "rate");

        run.Code.Should().Be(0, run.Error);
        File.ReadAllLines(temp.Combine("out", "loans.csv"))[1].Should().StartWith("A1,0.45,corp,corporate,1000,0.01,");
        File.ReadAllLines(temp.Combine("out", "by_rate.csv"))[1].Should().StartWith("0.05,");
    }
}
