using System.Diagnostics;
using System.Globalization;
using ValueCore.Batch.Sinks;
using ValueCore.Tests.Cli;
using ValueCore.Tests.Support;

namespace ValueCore.Tests.Sinks;

/// <summary><c>--out-db</c> against a real, throwaway PostgreSQL server (<see cref="PostgresServer"/>); what the tables
/// hold is read back by psql, independently of the code under test, and compared with the CSV run's cells.</summary>
[Collection("postgres")]
public sealed class DatabaseSinkTests(PostgresServer server)
{
    [PostgresFact]
    public void Raroc_OutDb_TablesHoldTheCsvRunsCells()
    {
        using var temp = new TempFolder();
        string book = SinkRuns.Book(temp);
        SinkRuns.RunOk(SinkRuns.RarocArgs(book, temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "rt"));

        Tables("rt").Should().Equal("rt_by_segment", "rt_by_segment_asset_class", "rt_loans");
        foreach (var (name, key) in new[] { ("loans", "loan_id"), ("by_segment", "segment"), ("by_segment_asset_class", "segment, asset_class") })
        {
            var (header, csv) = SinkRuns.ReadCsv(temp.Combine("out", name + ".csv"));
            var columns = Columns("rt_" + name);
            columns.Select(c => c.Name).Should().Equal(header, "the CSV's columns, named as its headers");

            // psql writes the table as CSV (double precision with shortest round-trip digits); both sides sorted by the key.
            string dump = temp.Combine(name + ".db.csv");
            File.WriteAllText(dump, server.Psql($"COPY (SELECT * FROM rt_{name} ORDER BY {key}) TO STDOUT WITH (FORMAT csv, HEADER)"));
            var (_, fromDb) = SinkRuns.ReadCsv(dump);
            var typed = fromDb.Select(r => r.Select((cell, c) => cell is string s && columns[c].Type == "double precision"
                ? (object)double.Parse(s, CultureInfo.InvariantCulture) : cell).ToArray()).ToList();
            var keys = key.Split(", ").Select(k => header.IndexOf(k)).ToArray();
            var sorted = csv.OrderBy(r => string.Join('\u0001', keys.Select(k => r[k])), StringComparer.Ordinal).ToList();
            SinkRuns.ShouldHoldTheCsvCells(typed, sorted, header);
        }

        var types = Columns("rt_loans").ToDictionary(c => c.Name, c => c.Type);
        types["loan_id"].Should().Be("text");
        types["sales"].Should().Be("text");
        types["ead"].Should().Be("double precision");
        types["raroc"].Should().Be("double precision");
        server.Psql("SELECT count(*) FROM rt_loans WHERE raroc IS NULL").Trim().Should().Be("1", "an empty cell is NULL");
    }

    [PostgresFact]
    public void Raroc_OutDb_NoPasswordInAnyOutput()
    {
        using var temp = new TempFolder();
        Environment.SetEnvironmentVariable("VALUECORE_TEST_DB", server.ConnectionString);
        try
        {
            var (output, error) = SinkRuns.RunOk(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", "env:VALUECORE_TEST_DB", "--out-table", "pw", "--format", "parquet"));
            (output + error).Should().NotContain(server.Password);
            foreach (var file in Directory.GetFiles(temp.Combine("out")))
            {
                File.ReadAllText(file).Should().NotContain(server.Password, file);
            }

            string manifest = File.ReadAllText(temp.Combine("out", "manifest.json"));
            manifest.Should().Contain("\"user\": \"valuecore\"").And.Contain("\"name\": \"pw_loans\"").And.Contain("\"rows\": 201");
        }
        finally
        {
            Environment.SetEnvironmentVariable("VALUECORE_TEST_DB", null);
        }

        Tables("pw").Should().HaveCount(3);
    }

    [PostgresFact]
    public void Raroc_OutDbWrongPassword_ExitsTwoWithTheServersMessageAndTouchesNothing()
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.WrongPasswordConnectionString, "--out-table", "wp"));

        code.Should().Be(2);
        error.Should().Contain("password authentication failed");
        (output + error).Should().NotContain(server.Password);
        Directory.Exists(temp.Combine("out")).Should().BeFalse("a connection refused stops the run before the folder is touched");
        Tables("wp").Should().BeEmpty();
    }

    [PostgresFact]
    public void Raroc_OutDbTableExists_ExitsTwoAndLeavesTheTableAlone()
    {
        using var temp = new TempFolder();
        server.Psql("CREATE TABLE ex_by_segment (x int); INSERT INTO ex_by_segment VALUES (42)");
        var (code, _, error) = CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "ex"));

        code.Should().Be(2);
        error.Should().Contain("already has the table(s) ex_by_segment");
        Tables("ex").Should().Equal("ex_by_segment");
        server.Psql("SELECT x FROM ex_by_segment").Trim().Should().Be("42");
    }

    [PostgresFact]
    public void Raroc_FailsAfterTheFirstTable_LeavesNoTable()
    {
        using var temp = new TempFolder();
        DatabaseTableSink.AfterTable = table =>
        {
            Tables("ft").Should().BeEmpty("another session never sees an uncommitted table");
            throw new IOException("test: the run fails after " + table);
        };
        try
        {
            var (code, _, error) = CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "ft"));
            code.Should().Be(2);
            error.Should().Contain("test: the run fails after ft_loans");
        }
        finally
        {
            DatabaseTableSink.AfterTable = null;
        }

        Tables("ft").Should().BeEmpty();
        File.Exists(temp.Combine("out", "loans.csv")).Should().BeFalse("the folder is not committed either");
    }

    [PostgresFact]
    public void Raroc_KilledMidRun_LeavesNoTable()
    {
        // The CLI as a child process, held after its first table's COPY (inside the transaction), then killed.
        using var temp = new TempFolder();
        string marker = temp.Combine("paused");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ValueCore.Cli.dll") }.Concat(
            SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", "env:VALUECORE_TEST_DB", "--out-table", "kill")))
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["VALUECORE_TEST_DB"] = server.ConnectionString;
        psi.Environment[DatabaseTableSink.PauseVariable] = marker;
        using var process = Process.Start(psi)!;
        var clock = Stopwatch.StartNew();
        while (!File.Exists(marker) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            Thread.Sleep(50);
        }

        File.Exists(marker).Should().BeTrue($"the run reaches its first table (exited: {process.HasExited}, {(process.HasExited ? process.StandardError.ReadToEnd() : "")})");
        File.ReadAllText(marker).Should().Be("kill_loans");
        server.Psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'valuecore' AND state = 'idle in transaction'").Trim().Should().Be("1");
        Tables("kill").Should().BeEmpty("the table is not committed");

        process.Kill(entireProcessTree: true);
        process.WaitForExit();

        // The server notices the dropped connection and rolls its transaction back.
        clock.Restart();
        while (server.Psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'valuecore'").Trim() != "0" && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(100);
        }

        Tables("kill").Should().BeEmpty();
        server.Psql("SELECT count(*) FROM pg_class WHERE relname LIKE 'kill%'").Trim().Should().Be("0");
    }

    [Fact]
    public void Raroc_OutDbWithoutOutTable_ExitsTwo()
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", "Host=127.0.0.1;Password=secret"));
        code.Should().Be(2);
        error.Should().Contain("--out-db needs --out-table").And.NotContain("secret");

        (code, _, error) = CliRunner.Run(SinkRuns.RarocArgs(SinkRuns.Book(temp), temp.Combine("out"), "--out-db", "Host=127.0.0.1;Password=secret", "--out-table", "Bad-Name"));
        code.Should().Be(2);
        error.Should().Contain("--out-table = Bad-Name must be lower-case");
    }

    private List<string> Tables(string prefix) =>
        server.Psql($"SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE '{prefix}\\_%' ORDER BY tablename")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private List<(string Name, string Type)> Columns(string table) =>
        server.Psql($"SELECT column_name || '|' || data_type FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => (l.Split('|')[0], l.Split('|')[1])).ToList();
}

/// <summary><c>provision migration --out-db</c>: the three tables, their rows, and no password in the manifest (whose
/// parameters list the options given).</summary>
[Collection("postgres")]
public sealed class ProvisionMigrationDatabaseSinkTests(PostgresServer server)
{
    [PostgresFact]
    public void ProvisionMigration_OutDb_TablesHoldTheCsvRowsAndNoPassword()
    {
        using var temp = new TempFolder();
        var (output, error) = SinkRuns.RunOk(ProvisionMigrationSinkTests.Args(temp.Combine("out"), "--out-db", server.ConnectionString, "--out-table", "pm"));

        foreach (var name in new[] { "loans", "by_class", "by_segment" })
        {
            long csvRows = File.ReadLines(temp.Combine("out", name + ".csv")).Count() - 1;
            server.Psql($"SELECT count(*) FROM pm_{name}").Trim().Should().Be(csvRows.ToString(CultureInfo.InvariantCulture), name);
        }

        string provision = server.Psql("SELECT sum(provision) FROM pm_loans").Trim();
        var (header, csv) = SinkRuns.ReadCsv(temp.Combine("out", "loans.csv"));
        double.Parse(provision, CultureInfo.InvariantCulture).Should().BeApproximately(
            csv.Sum(r => r[header.IndexOf("provision")] is string s ? double.Parse(s, CultureInfo.InvariantCulture) : 0), 1e-6);
        (output + error).Should().NotContain(server.Password);
        File.ReadAllText(temp.Combine("out", "manifest.json")).Should().NotContain(server.Password).And.Contain("\"name\": \"pm_by_class\"");
    }
}
