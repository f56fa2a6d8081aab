using System.IO.Compression;

namespace ValueCore.Tests.Sinks;

/// <summary><c>--format csv.gz|csv.zst</c>: the CSV run's bytes, compressed (decompressed here by .NET's GZipStream and
/// read by DuckDB, an independent gzip and zstd reader).</summary>
public sealed class CompressedCsvTests
{
    [Fact]
    public void Raroc_FormatCsvGz_DecompressesToTheCsvRunsBytes()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("gz"), "--format", "csv.gz"));

        foreach (var name in new[] { "loans.csv", "by_segment.csv", "by_segment_asset_class.csv" })
        {
            File.Exists(temp.Combine("gz", name)).Should().BeFalse();
            using var gz = new GZipStream(File.OpenRead(temp.Combine("gz", name + ".gz")), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gz.CopyTo(bytes);
            bytes.ToArray().Should().Equal(File.ReadAllBytes(temp.Combine("csv", name)), name);
        }

        File.ReadAllText(temp.Combine("gz", "manifest.json")).Should().Contain("\"loans.csv.gz\"").And.Contain("\"format\": \"csv.gz\"");
    }

    [Fact]
    public void Raroc_FormatCsvZst_DuckDbReadsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("zst"), "--format", "csv.zst"));

        foreach (var name in new[] { "loans.csv", "by_segment.csv" })
        {
            var (header, expected) = SinkRuns.ReadCsv(temp.Combine("csv", name));
            var (zstHeader, actual) = SinkRuns.ReadCsv(temp.Combine("zst", name + ".zst"));
            zstHeader.Should().Equal(header);
            actual.Should().BeEquivalentTo(expected, o => o.WithStrictOrdering(), name);
        }
    }

    [Fact]
    public void Raroc_FormatCsvGzTwice_SameBytes()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("a"), "--format", "csv.gz", "--threads", "1"));
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("b"), "--format", "csv.gz"));
        File.ReadAllBytes(temp.Combine("a", "loans.csv.gz")).Should().Equal(File.ReadAllBytes(temp.Combine("b", "loans.csv.gz")));
    }

    [Fact]
    public void Raroc_UnknownFormat_ExitsTwo()
    {
        using var temp = new TempFolder();
        var (code, _, error) = Cli.CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--format", "xlsx"));
        code.Should().Be(2);
        error.Should().Contain("--format = xlsx must be csv, csv.gz, csv.zst or parquet");
        Directory.Exists(temp.Combine("out")).Should().BeFalse();
    }
}
