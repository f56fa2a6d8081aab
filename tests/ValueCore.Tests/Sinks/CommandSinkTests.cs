using System.Globalization;
using System.IO.Compression;
using ValueCore.Batch.Sinks;
using ValueCore.Tests.Cli;
using ValueCore.Tests.Support;

namespace ValueCore.Tests.Sinks;

/// <summary>The runs of <c>scenario</c>, <c>capital</c> and <c>ftp</c> that the sink tests share: the sink tests' book,
/// small Monte Carlo runs, and the CSV tables each run writes (found in the CSV run's folder, so that a table the job
/// writes but the sink forgets fails the tests).</summary>
internal static class CommandRuns
{
    public static string[] ScenarioArgs(string book, string outDir, params string[] more) =>
        ["scenario", "--book", book, "--scenarios", Path.Combine(SinkRuns.RepoRoot, "samples", "scenarios.yaml"), "--measures", "raroc,capital",
            "--mc-scenarios", "1000", "--by", "segment", "--by", "segment,asset_class", "--keep", "customer_id", "--out", outDir, .. more];

    public static string[] CapitalArgs(string book, string outDir, params string[] more) =>
        ["capital", "--book", book, "--mc-scenarios", "2000", "--by", "segment", "--by", "segment,asset_class", "--out", outDir, .. more];

    /// <summary>The sink tests' book with a maturity on every row (ftp needs one; 3 years where the sample has none).</summary>
    public static string FtpBook(TempFolder temp) =>
        temp.File("ftp-book.csv", string.Join('\n', File.ReadLines(SinkRuns.Book(temp)).Select((l, i) =>
        {
            var cells = l.Split(',');
            cells[8] = i > 0 && cells[8].Length == 0 ? "3" : cells[8];
            return string.Join(',', cells);
        })) + "\n");

    public static string[] FtpArgs(TempFolder temp, string book, string outDir, params string[] more) =>
        ["ftp", "--book", book, "--curve", temp.File("curve.csv", "tenor_years,rate\n0.5,0.01\n1,0.015\n5,0.03\n10,0.035\n"), "--out", outDir, .. more];

    /// <summary>The CSV tables of a CSV run's folder (relative paths, '/' between folders), in ordinal order, less the
    /// files that stay CSV whatever the format.</summary>
    public static List<string> Tables(string folder, params string[] staying) =>
        Directory.GetFiles(folder, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !staying.Contains(f)).Order(StringComparer.Ordinal).ToList();

    /// <summary>Each table of the parquet run (folder <c>parquet</c>) has no CSV, the CSV run's (folder <c>csv</c>)
    /// header as its columns and the CSV's cells (read by DuckDB); the manifest lists the Parquet files, not the CSVs.</summary>
    public static void ParquetShouldHoldTheCsvRun(TempFolder temp, IReadOnlyList<string> tables)
    {
        tables.Should().NotBeEmpty();
        string manifest = File.ReadAllText(temp.Combine("parquet", "manifest.json"));
        manifest.Should().Contain("\"format\": \"parquet\"");
        foreach (var table in tables)
        {
            string stem = table[..^".csv".Length];
            File.Exists(temp.Combine("parquet", table)).Should().BeFalse(table);
            var (header, csv) = SinkRuns.ReadCsv(temp.Combine("csv", table));
            string parquet = $"read_parquet('{temp.Combine("parquet", stem + ".parquet")}')";
            SinkRuns.Describe("SELECT * FROM " + parquet).Select(c => c.Name).Should().Equal(header, table);
            SinkRuns.ShouldHoldTheCsvCells(SinkRuns.Query("SELECT * FROM " + parquet), csv, header);
            manifest.Should().Contain($"\"{stem}.parquet\"").And.NotContain($"\"{table}\"");
        }
    }

    /// <summary>Each table of a database run (prefix <paramref name="prefix"/>) holds the CSV's header as its columns and
    /// exactly the CSV's cells, read back by psql (independent of the code under test); rows compared in a canonical
    /// order (every cell, numbers by their value), since a table has no order of its own.</summary>
    public static void DatabaseShouldHoldTheCsvRun(PostgresServer server, TempFolder temp, string folder, string prefix, IReadOnlyList<string> tables)
    {
        tables.Should().NotBeEmpty();
        foreach (var table in tables)
        {
            string name = prefix + "_" + ResultTables.TableNameOf(table);
            var (header, csv) = SinkRuns.ReadCsv(Path.Combine(folder, table));
            var columns = server.Psql($"SELECT column_name || '|' || data_type FROM information_schema.columns WHERE table_name = '{name}' ORDER BY ordinal_position")
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (Name: l.Split('|')[0], Type: l.Split('|')[1])).ToList();
            columns.Select(c => c.Name).Should().Equal(header, name);
            string dump = temp.Combine(name + ".db.csv");
            File.WriteAllText(dump, server.Psql($"COPY (SELECT * FROM \"{name}\") TO STDOUT WITH (FORMAT csv, HEADER)"));
            var (_, fromDb) = SinkRuns.ReadCsv(dump);
            bool[] numeric = columns.Select(c => c.Type == "double precision").ToArray();
            var typed = fromDb.Select(r => r.Select((cell, c) => cell is string s && numeric[c] ? (object)double.Parse(s, CultureInfo.InvariantCulture) : cell).ToArray()).ToList();
            string Key(object[] row) => string.Join('\u0001', row.Select((cell, c) => cell switch
            {
                DBNull => "\u0002",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                string s when numeric[c] => double.Parse(s, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
                _ => Convert.ToString(cell, CultureInfo.InvariantCulture),
            }));
            SinkRuns.ShouldHoldTheCsvCells(typed.OrderBy(Key, StringComparer.Ordinal).ToList(), csv.OrderBy(Key, StringComparer.Ordinal).ToList(), header);
        }
    }

    /// <summary>The tables of a prefix in the database, in name order.</summary>
    public static List<string> DatabaseTables(PostgresServer server, string prefix) =>
        server.Psql($"SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '{prefix}\\_%' ORDER BY tablename")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <summary><c>--format</c> on <c>scenario</c>, <c>capital</c> and <c>ftp</c>: the same sink seam as raroc, read back by
/// DuckDB (an independent Parquet, gzip and zstd reader) equal to the CSV run's cells.</summary>
public sealed class CommandParquetSinkTests
{
    [Fact]
    public void Scenario_FormatParquet_EveryScenarioTableHoldsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(CommandRuns.ScenarioArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(CommandRuns.ScenarioArgs(book, temp.Combine("parquet"), "--format", "parquet"));

        var tables = CommandRuns.Tables(temp.Combine("csv"), "shocks.csv");
        tables.Should().Contain(["baseline/loans.csv", "baseline/by_segment_asset_class.csv", "adverse/capital/loans.csv", "recession/capital/by_segment.csv",
            "comparison.csv", "comparison_by_segment_asset_class.csv", "weighted.csv"]);
        CommandRuns.ParquetShouldHoldTheCsvRun(temp, tables);
        File.ReadAllBytes(temp.Combine("parquet", "shocks.csv")).Should().Equal(File.ReadAllBytes(temp.Combine("csv", "shocks.csv")), "the shock report stays CSV");
        SinkRuns.Describe($"SELECT * FROM read_parquet('{temp.Combine("parquet", "baseline", "loans.parquet")}')").ToDictionary(c => c.Name, c => c.Type)
            ["customer_id"].Should().Be("VARCHAR", "a kept column is text whatever it holds");
    }

    [Fact]
    public void Capital_FormatParquet_ContributionsAndGroupsHoldTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(CommandRuns.CapitalArgs(book, temp.Combine("csv")));
        SinkRuns.RunOk(CommandRuns.CapitalArgs(book, temp.Combine("parquet"), "--format", "parquet"));

        var tables = CommandRuns.Tables(temp.Combine("csv"), "loss_distribution.csv");
        tables.Should().Equal("by_segment.csv", "by_segment_asset_class.csv", "contributions.csv");
        CommandRuns.ParquetShouldHoldTheCsvRun(temp, tables);
        File.Exists(temp.Combine("parquet", "loss_distribution.csv")).Should().BeTrue("the loss distribution is not a per-loan or group table");
    }

    [Fact]
    public void Ftp_FormatParquet_FtpTableHoldsTheCsvRunsCellsAndBookStaysCsv()
    {
        using var temp = new TempFolder();
        string book = CommandRuns.FtpBook(temp);
        SinkRuns.RunOk(CommandRuns.FtpArgs(temp, book, temp.Combine("csv")));
        SinkRuns.RunOk(CommandRuns.FtpArgs(temp, book, temp.Combine("parquet"), "--format", "parquet"));

        CommandRuns.ParquetShouldHoldTheCsvRun(temp, ["ftp.csv"]);
        File.ReadAllBytes(temp.Combine("parquet", "book_ftp.csv")).Should().Equal(File.ReadAllBytes(temp.Combine("csv", "book_ftp.csv")), "the next run's input stays CSV");
    }

    [Fact]
    public void Capital_FormatCsvGz_DecompressesToTheCsvRunsBytes()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(CommandRuns.CapitalArgs(book, temp.Combine("csv")));
        var (output, _) = SinkRuns.RunOk(CommandRuns.CapitalArgs(book, temp.Combine("gz"), "--format", "csv.gz"));

        foreach (var name in new[] { "contributions.csv", "by_segment.csv", "by_segment_asset_class.csv" })
        {
            File.Exists(temp.Combine("gz", name)).Should().BeFalse();
            using var gz = new GZipStream(File.OpenRead(temp.Combine("gz", name + ".gz")), CompressionMode.Decompress);
            using var bytes = new MemoryStream();
            gz.CopyTo(bytes);
            bytes.ToArray().Should().Equal(File.ReadAllBytes(temp.Combine("csv", name)), name);
        }

        File.ReadAllText(temp.Combine("gz", "manifest.json")).Should().Contain("\"contributions.csv.gz\"").And.Contain("\"format\": \"csv.gz\"");
        output.Should().NotContain("--format");
    }

    [Fact]
    public void ScenarioCapitalFtp_FormatUnknown_ExitTwoWithTheSameMessage()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        foreach (var args in new[]
        {
            CommandRuns.ScenarioArgs(book, temp.Combine("s"), "--format", "xlsx"),
            CommandRuns.CapitalArgs(book, temp.Combine("c"), "--format", "xlsx"),
            CommandRuns.FtpArgs(temp, book, temp.Combine("f"), "--format", "xlsx"),
        })
        {
            var (code, _, error) = CliRunner.Run(args);
            code.Should().Be(2, args[0]);
            error.Should().Contain("--format = xlsx must be csv, csv.gz, csv.zst or parquet", args[0]);
        }
    }
}

/// <summary><c>--out-db</c> on <c>scenario</c>, <c>capital</c> and <c>ftp</c> against a real, throwaway PostgreSQL server.</summary>
[Collection("postgres")]
public sealed class CommandDatabaseSinkTests(PostgresServer server)
{
    [PostgresFact]
    public void Scenario_OutDb_EveryScenarioTableHoldsTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        SinkRuns.RunOk(CommandRuns.ScenarioArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "sc"));

        var tables = CommandRuns.Tables(temp.Combine("out"), "shocks.csv");
        CommandRuns.DatabaseTables(server, "sc").Should().BeEquivalentTo(tables.Select(t => "sc_" + ResultTables.TableNameOf(t)));
        CommandRuns.DatabaseTables(server, "sc").Should().Contain(["sc_baseline_loans", "sc_adverse_capital_by_segment", "sc_comparison", "sc_weighted"]);
        CommandRuns.DatabaseShouldHoldTheCsvRun(server, temp, temp.Combine("out"), "sc", tables);
        File.ReadAllText(temp.Combine("out", "manifest.json")).Should().Contain("\"name\": \"sc_recession_loans\"").And.NotContain(server.Password);
    }

    [PostgresFact]
    public void CapitalAndFtp_OutDb_TablesHoldTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(CommandRuns.CapitalArgs(book, temp.Combine("cap"), "--out-db", server.ConnectionString, "--out-table", "cap"));
        SinkRuns.RunOk(CommandRuns.FtpArgs(temp, CommandRuns.FtpBook(temp), temp.Combine("ftp"), "--out-db", server.ConnectionString, "--out-table", "ftp"));

        CommandRuns.DatabaseTables(server, "cap").Should().Equal("cap_by_segment", "cap_by_segment_asset_class", "cap_contributions");
        CommandRuns.DatabaseShouldHoldTheCsvRun(server, temp, temp.Combine("cap"), "cap", ["contributions.csv", "by_segment.csv", "by_segment_asset_class.csv"]);
        CommandRuns.DatabaseTables(server, "ftp").Should().Equal("ftp_ftp");
        CommandRuns.DatabaseShouldHoldTheCsvRun(server, temp, temp.Combine("ftp"), "ftp", ["ftp.csv"]);
        File.ReadAllText(temp.Combine("cap", "manifest.json")).Should().Contain("\"name\": \"cap_contributions\"").And.Contain("\"rows\": 201");
        File.ReadAllText(temp.Combine("ftp", "manifest.json")).Should().Contain("\"name\": \"ftp_ftp\"").And.Contain("\"rows\": 201");
    }

    [PostgresFact]
    public void Scenario_FailsAfterTheFirstTable_LeavesNoTableAndNoFolder()
    {
        using var temp = new TempFolder();
        DatabaseTableSink.AfterTable = table => throw new IOException("test: the run fails after " + table);
        try
        {
            var (code, _, error) = CliRunner.Run(CommandRuns.ScenarioArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "sf"));
            code.Should().Be(2);
            error.Should().Contain("test: the run fails after sf_baseline_loans");
        }
        finally
        {
            DatabaseTableSink.AfterTable = null;
        }

        CommandRuns.DatabaseTables(server, "sf").Should().BeEmpty();
        File.Exists(temp.Combine("out", "comparison.csv")).Should().BeFalse("the folder is not committed either");
    }

    [PostgresFact]
    public void Capital_OutDbTableExists_ExitsTwoBeforeSimulatingAndTouchesNothing()
    {
        using var temp = new TempFolder();
        server.Psql("CREATE TABLE cx_contributions (x int); INSERT INTO cx_contributions VALUES (7)");
        var (code, _, error) = CliRunner.Run(CommandRuns.CapitalArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "cx"));

        code.Should().Be(2);
        error.Should().Contain("already has the table(s) cx_contributions");
        Directory.Exists(temp.Combine("out")).Should().BeFalse("the database is checked before the folder is touched");
        CommandRuns.DatabaseTables(server, "cx").Should().Equal("cx_contributions");
        server.Psql("SELECT x FROM cx_contributions").Trim().Should().Be("7");
    }
}
