using ValueCore.Tests.Cli;
using ValueCore.Tests.Support;

namespace ValueCore.Tests.Sources;

/// <summary>
/// A loan book read from PostgreSQL (docs/loan-book.md, "Book sources"): the sample book is loaded by psql's COPY
/// (independently of the code under test) into a table of <c>double precision</c> numbers and one of <c>numeric</c>
/// numbers; <c>raroc --db</c> must write the CSV run's <c>loans.csv</c> byte for byte (the sample is sorted by loan_id,
/// so <c>order by loan_id</c> gives the file's order).
/// </summary>
[Collection("postgres")]
public sealed class DatabaseBookTests(PostgresServer server)
{
    private static readonly string LoanBook = Path.Combine(BookSourceTests.Root(), "samples", "loanbook.csv");

    private static string Columns(string n) => $"loan_id text, customer_id text, segment text, product text, asset_class text, ead {n}, pd {n}, lgd {n}, "
        + $"maturity {n}, sales {n}, rate {n}, ftp_rate {n}, fees {n}, opex {n}, classification text, "
        + $"large_fi text, qrre_transactor text, approach text, collateral_type text, collateral_value {n}, collateral_haircut {n}, " // the Basel III columns (issue 20)
        + $"seniority text, guarantor_pd {n}, guarantor_class text, guaranteed_amount {n}, rating text, scra_grade text, ltv {n}, provision {n}";

    private string Table(string numberType)
    {
        string name = "book_" + numberType.Replace(' ', '_') + "_" + Guid.NewGuid().ToString("N")[..8];
        server.Psql($"create table {name} ({Columns(numberType)})");
        server.CopyCsv(name, LoanBook);
        return name;
    }

    [PostgresTheory]
    [InlineData("double precision")]
    [InlineData("numeric")]
    public void Raroc_DbQueryOrderedByLoanId_WritesTheCsvRunsBytes(string numberType)
    {
        using var temp = new TempFolder();
        string table = Table(numberType);

        var csv = CliRunner.Run("raroc", "--book", LoanBook, "--out", temp.Combine("csv"), "--keep", "customer_id");
        var db = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", $"select * from {table} order by loan_id", "--out", temp.Combine("db"), "--keep", "customer_id");

        db.Code.Should().Be(0, db.Error);
        db.Error.Should().NotContain("ORDER BY");
        BookSourceTests.SameFile(temp.Combine("db", "loans.csv"), temp.Combine("csv", "loans.csv"));
        BookSourceTests.SameFile(temp.Combine("db", "by_segment.csv"), temp.Combine("csv", "by_segment.csv"));
        string manifest = File.ReadAllText(temp.Combine("db", "manifest.json"));
        manifest.Should().Contain("postgres:127.0.0.1/valuecore").And.NotContain(server.Password);
    }

    [PostgresFact]
    public void Raroc_TableWithoutOrderBy_WarnsAndReadsTheRows()
    {
        using var temp = new TempFolder();
        string table = Table("double precision");

        var run = CliRunner.Run("raroc", "--db", server.ConnectionString, "--table", table, "--out", temp.Combine("db"));

        run.Code.Should().Be(0, run.Error);
        run.Error.Should().Contain("warning: the query has no ORDER BY");
        File.ReadAllLines(temp.Combine("db", "loans.csv")).Should().HaveCount(1001);
    }

    [PostgresFact]
    public void Raroc_ConnectionFromEnvironmentVariable_ReadsTheBook()
    {
        using var temp = new TempFolder();
        string table = Table("numeric");
        string variable = "VALUECORE_TEST_DB_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Environment.SetEnvironmentVariable(variable, server.ConnectionString);
        try
        {
            var run = CliRunner.Run("raroc", "--db", "env:" + variable, "--query", $"select * from {table} order by loan_id", "--out", temp.Combine("db"));

            run.Code.Should().Be(0, run.Error);
            (run.Out + run.Error).Should().NotContain(server.Password);
            File.ReadAllLines(temp.Combine("db", "loans.csv")).Should().HaveCount(1001);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [PostgresFact]
    public void Raroc_WrongPassword_ExitsTwoWithTheServersMessageAndNoPassword()
    {
        using var temp = new TempFolder();
        string wrong = server.WrongPasswordConnectionString;
        string wrongPassword = "wrong-" + server.Password;

        var run = CliRunner.Run("raroc", "--db", wrong, "--query", "select * from nothing order by loan_id", "--out", temp.Combine("db"));

        run.Code.Should().Be(2);
        run.Error.Should().Contain("password authentication failed");
        (run.Out + run.Error).Should().NotContain(wrongPassword).And.NotContain(server.Password);
        File.Exists(temp.Combine("db", "manifest.json")).Should().BeFalse();
    }

    [PostgresFact]
    public void Raroc_DbBadRow_IsNamedByItsRow()
    {
        using var temp = new TempFolder();
        string table = Table("double precision");
        server.Psql($"update {table} set pd = 1.5 where loan_id = 'L0000000009'");

        var run = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", $"select * from {table} order by loan_id", "--out", temp.Combine("db"));

        // The 10th row of the query (loan_ids from L0000000000) is named by its ordinal and by its loan_id.
        run.Code.Should().Be(3);
        run.Error.Should().Contain("postgres:127.0.0.1/valuecore row 10 (loan_id L0000000009): pd = 1.5 is outside (0, 1]");

        // A command whose reader throws (capital reads the whole book first): the same name through the one error path.
        var capital = CliRunner.Run("capital", "--db", server.ConnectionString, "--query", $"select * from {table} order by loan_id", "--out", temp.Combine("cap"), "--mc-scenarios", "1000");
        capital.Code.Should().Be(3);
        capital.Error.Should().Contain("postgres:127.0.0.1/valuecore row 10 (loan_id L0000000009): pd = 1.5 is outside (0, 1]");
    }

    [PostgresFact]
    public void Raroc_DbBadRowsWithAMappedLoanId_AreNamedByOrdinalAndTheirLoanId()
    {
        // A mapped loan_id column, two bad rows: each named by its ordinal and its own loan_id.
        using var temp = new TempFolder();
        string table = Table("double precision");
        server.Psql($"update {table} set lgd = 2 where loan_id in ('L0000000000', 'L0000000016')");
        string map = temp.File("map.json", "{\"loan_id\": \"deal\"}");

        var run = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", $"select loan_id as deal, * from {table} order by loan_id", "--map", map, "--out", temp.Combine("db"));

        run.Code.Should().Be(3, run.Error);
        run.Error.Should().Contain("postgres:127.0.0.1/valuecore row 1 (deal L0000000000): lgd = 2 is outside");
        run.Error.Should().Contain("postgres:127.0.0.1/valuecore row 17 (deal L0000000016): lgd = 2 is outside");
    }

    [PostgresFact]
    public void Manifest_DbQuery_RecordsTheQueryAndRowsAndNoPasswordAndNoFileHash()
    {
        using var temp = new TempFolder();
        string table = Table("double precision");
        string query = $"select * from {table} where segment <> 'cards' order by loan_id";
        long rows = File.ReadLines(LoanBook).Skip(1).Count(l => l.Split(',')[2] != "cards");

        var raroc = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", query, "--out", temp.Combine("raroc"), "--xlsx");
        var again = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", query, "--out", temp.Combine("again"));
        var ecl = CliRunner.Run("provision", "migration", "--db", server.ConnectionString, "--table", table, "--matrix", Path.Combine(BookSourceTests.Root(), "samples", "five-tier-matrix.csv"),
            "--default-states", "substandard,doubtful,loss", "--out", temp.Combine("ecl"));

        raroc.Code.Should().Be(0, raroc.Error);
        ecl.Code.Should().Be(0, ecl.Error);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Combine("raroc", "manifest.json")));
        var input = doc.RootElement.GetProperty("input");
        input.GetProperty("sha256").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "a query has no file to hash");
        input.GetProperty("sha256_null").GetString().Should().Contain("not a file");
        input.GetProperty("rows_sha256").GetString().Should().MatchRegex("^[0-9a-f]{64}$");
        var source = input.GetProperty("db_source");
        source.GetProperty("provider").GetString().Should().Be("postgres");
        source.GetProperty("host").GetString().Should().Be("127.0.0.1");
        source.GetProperty("database").GetString().Should().Be("valuecore");
        source.GetProperty("query").GetString().Should().Be(query);
        source.GetProperty("rows").GetInt64().Should().Be(rows).And.BeGreaterThan(100);

        // The rows' hash is the rows', not the run's: the same query gives the same hash, the whole table (provision migration) another.
        using var second = System.Text.Json.JsonDocument.Parse(File.ReadAllText(temp.Combine("again", "manifest.json")));
        second.RootElement.GetProperty("input").GetProperty("rows_sha256").GetString().Should().Be(input.GetProperty("rows_sha256").GetString());
        string eclManifest = File.ReadAllText(temp.Combine("ecl", "manifest.json"));
        eclManifest.Should().Contain($"\"table\": \"{table}\"").And.Contain("\"sha256\": null").And.NotContain(input.GetProperty("rows_sha256").GetString()!);
        foreach (var folder in new[] { "raroc", "ecl" })
        {
            foreach (var file in Directory.GetFiles(temp.Combine(folder)))
            {
                File.ReadAllText(file).Should().NotContain(server.Password, file);
            }
        }

        // results.xlsx lists the options given: not the connection string (its sheets are deflated XML inside the zip).
        using (var xlsx = System.IO.Compression.ZipFile.OpenRead(temp.Combine("raroc", "results.xlsx")))
        {
            foreach (var entry in xlsx.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                reader.ReadToEnd().Should().NotContain(server.Password, entry.FullName);
            }
        }
    }

    [PostgresFact]
    public void Raroc_DbQueryWithoutAColumnOrWithARepeatedOne_IsAProblemOfItsColumnsNotOfRow1()
    {
        using var temp = new TempFolder();
        string table = Table("double precision");

        var missing = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", $"select loan_id, segment, asset_class, ead, lgd, maturity, rate, ftp_rate from {table} order by loan_id", "--out", temp.Combine("a"));
        var repeated = CliRunner.Run("raroc", "--db", server.ConnectionString, "--query", $"select *, pd from {table} order by loan_id", "--out", temp.Combine("b"));

        missing.Code.Should().Be(3);
        missing.Error.Should().Contain("postgres:127.0.0.1/valuecore columns: required column 'pd' is missing").And.NotContain("row 1");
        repeated.Code.Should().Be(3);
        repeated.Error.Should().Contain("postgres:127.0.0.1/valuecore columns: pd = pd is a repeated column name").And.NotContain("row 1");

        // A column a command needs beyond the loan book's (provision ecl: eir) is the columns' problem too.
        var ecl = CliRunner.Run("provision", "ecl", "--db", server.ConnectionString, "--query", $"select * from {table} order by loan_id", "--matrix",
            Path.Combine(BookSourceTests.Root(), "samples", "five-tier-matrix.csv"), "--default-states", "substandard,doubtful,loss", "--out", temp.Combine("c"));
        ecl.Code.Should().Be(3);
        ecl.Error.Should().Contain("postgres:127.0.0.1/valuecore columns: the book has no eir column").And.NotContain("row 1");
    }
}

/// <summary>A theory that needs the real PostgreSQL server, skipped as <see cref="PostgresFactAttribute"/> is.</summary>
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets the skip reason where the server cannot be had and is not required.</summary>
    public PostgresTheoryAttribute()
    {
        if (!PostgresServer.Available && !PostgresServer.Required)
        {
            Skip = "PostgreSQL is not installed (install Debian's postgresql, or set " + PostgresServer.RequireVariable + "=1 to make this a failure)";
        }
    }
}
