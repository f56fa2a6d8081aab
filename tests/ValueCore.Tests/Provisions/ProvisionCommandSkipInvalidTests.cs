using System.Globalization;
using System.Text.Json;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Provisions;

/// <summary>
/// <c>valuecore provision ecl|migration --skip-invalid</c> end to end: exit 0, every problem in rejected.csv, loans.csv
/// byte-identical to the run on the book without the rejected rows, and read = measured + rejected in the manifest, the
/// summary and the printed summary (the convention of <c>valuecore raroc --skip-invalid</c>, docs/conventions.md).
/// </summary>
public sealed class ProvisionCommandSkipInvalidTests : IDisposable
{
    private const string Matrix = "from,A,B,D\nA,0.9,0.08,0.02\nB,0.1,0.7,0.2\nD,0,0,1\n";
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,classification,eir,amortisation,remaining_term,dpd,pd_origination\n";

    /// <summary>The rows of <see cref="Rows"/> by physical line (header = line 1).</summary>
    private static readonly Dictionary<int, string> s_rows = new()
    {
        [2] = "L1,retail,retail_other,1000,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",
        [3] = "L2,retail,retail_other,1000,0.01,0.4,0.05,0.02,B,0.05,linear,3,45,",
        [4] = "L3,retail,retail_other,abc,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",        // ead: loan-book rule
        [5] = "L4,sme,retail_other,700,0.01,0.4,0.05,0.02,X,0.05,bullet,2,0,",           // classification not a state
        [6] = "L5,sme,retail_other,700,0.01,0.4,0.05,0.02,A,,balloon,2,0,",              // eir empty and amortisation: two problems
        [7] = "L1,sme,retail_other,300,0.01,0.4,0.05,0.02,A,0.05,bullet,2,0,",           // repeats L1 of line 2
        [8] = "L6,sme,retail_other,400,0.01,0.4,0.05,0.02,A,,bullet,2,0,",               // eir empty (L6 again on line 9)
        [9] = "L6,sme,retail_other,450,0.01,0.4,0.05,0.02,B,0.05,annuity,4,0,0.01",
        [10] = "L7,retail,retail_other,500,0.01,0.4,0.05,0.02,D,0.05,bullet,2,,",
        [11] = "L8,retail,retail_other,600,0.01,0.4,0.05,0.02,A,0.05,bullet,200,0,",     // remaining_term beyond 100 years
        [12] = "L9,\"sme\",retail_other,800,0.01,0.4,0.05,0.02,B,0.05,annuity,5,0,",
        [13] = "L10,corp,retail_other,100,0.01,0.4,0.05,0.02,X,0.05,bullet,2,0,",         // the only corp row, rejected
    };

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Rows(string name, params int[] lines) => _dir.File(name, Header + string.Concat(lines.Select(l => s_rows[l] + "\n")));

    private static string[][] Csv(string path) => [.. File.ReadAllLines(path).Skip(1).Select(CsvLine.Fields)];

    private static JsonElement Manifest(string dir) =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "manifest.json"))).RootElement.Clone();

    private static void RowsShouldBe(JsonElement manifest, long read, long valued, long rejected)
    {
        var rows = manifest.GetProperty("rows");
        rows.GetProperty("read").GetInt64().Should().Be(read);
        rows.GetProperty("valued").GetInt64().Should().Be(valued);
        rows.GetProperty("rejected").GetInt64().Should().Be(rejected);
        manifest.GetProperty("parameters").GetProperty("skip_invalid").GetBoolean().Should().BeTrue();
        manifest.GetProperty("totals").GetProperty("loans").GetInt64().Should().Be(valued);
    }

    [Fact]
    public void Ecl_SkipInvalid_Exit0RejectsListedLoansEqualCleanBook()
    {
        string book = Rows("book.csv", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        string clean = Rows("clean.csv", 2, 3, 9, 10, 12);
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("out"), oc = _dir.Combine("clean-out"), od = _dir.Combine("default-out");

        var (failCode, _, failErr) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--out", od);
        failCode.Should().Be(3, "without --skip-invalid any invalid row fails the run");
        failErr.Should().Contain("nothing was written");
        File.Exists(Path.Combine(od, "loans.csv")).Should().BeFalse();
        File.Exists(Path.Combine(od, "rejected.csv")).Should().BeFalse();

        var (code, output, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--skip-invalid", "--out", o);
        code.Should().Be(0, err);
        CliRunner.Run("provision", "ecl", "--book", clean, "--matrix", m, "--out", oc).Code.Should().Be(0);

        File.ReadAllBytes(Path.Combine(o, "loans.csv")).Should().Equal(File.ReadAllBytes(Path.Combine(oc, "loans.csv")));
        foreach (var f in new[] { "by_stage.csv", "by_segment.csv" })
        {
            // One chunk: the same rows summed in the same order.
            File.ReadAllBytes(Path.Combine(o, f)).Should().Equal(File.ReadAllBytes(Path.Combine(oc, f)), f);
        }

        var rejected = Csv(Path.Combine(o, "rejected.csv"));
        rejected.Select(r => (r[0], r[1], r[2], r[3])).Should().Equal(
            ("4", "L3", "ead", "abc"),
            ("5", "L4", "classification", "X"),
            ("6", "L5", "eir", ""),
            ("6", "L5", "amortisation", "balloon"),
            ("8", "L6", "eir", ""),
            ("11", "L8", "remaining_term", "200"),
            ("7", "L1", "loan_id", "L1"));
        rejected[^1][4].Should().Be("duplicates the loan_id of line 2");
        File.ReadLines(Path.Combine(o, "rejected.csv")).First().Should().Be("line,loan_id,column,value,rule");

        RowsShouldBe(Manifest(o), read: 11, valued: 5, rejected: 6);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should()
            .StartWith("provision ecl: 11 loans read from book.csv, 5 measured, 6 rejected;")
            .And.Contain("11 read = 5 measured + 6 rejected (7 problems, listed in rejected.csv)");
        output.Should().Contain("loans read 11 = measured 5 + rejected 6").And.Contain("rejected.csv");
        err.Should().Contain("book.csv:4: ead = abc").And.Contain("book.csv:7: loan_id = L1 duplicates the loan_id of line 2")
            .And.Contain("book.csv: 7 problem(s) in 6 row(s)");
    }

    [Fact]
    public void Migration_SkipInvalid_Exit0RejectsListedLoansEqualCleanBook()
    {
        // The migration job reads no eir, amortisation or term: lines 6, 8 and 11 are valid for it, so L6 repeats on line 9.
        // Segment corp has only a rejected row: it has no line in by_segment.csv, as in the clean book.
        string book = Rows("book.csv", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
        string clean = Rows("clean.csv", 2, 3, 6, 8, 10, 11, 12);
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("out"), oc = _dir.Combine("clean-out");
        var (code, output, err) = CliRunner.Run("provision", "migration", "--book", book, "--matrix", m, "--skip-invalid", "--out", o);
        code.Should().Be(0, err);
        CliRunner.Run("provision", "migration", "--book", clean, "--matrix", m, "--out", oc).Code.Should().Be(0);
        foreach (var f in new[] { "loans.csv", "by_class.csv", "by_segment.csv" })
        {
            File.ReadAllBytes(Path.Combine(o, f)).Should().Equal(File.ReadAllBytes(Path.Combine(oc, f)), f);
        }

        Csv(Path.Combine(o, "rejected.csv")).Select(r => (r[0], r[1], r[2], r[4])).Should().Equal(
            ("4", "L3", "ead", Csv(Path.Combine(o, "rejected.csv"))[0][4]),
            ("5", "L4", "classification", "is not a state of the matrix for segment 'sme' (A,B,D)"),
            ("13", "L10", "classification", "is not a state of the matrix for segment 'corp' (A,B,D)"),
            ("7", "L1", "loan_id", "duplicates the loan_id of line 2"),
            ("9", "L6", "loan_id", "duplicates the loan_id of line 8"));
        RowsShouldBe(Manifest(o), read: 12, valued: 7, rejected: 5);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should()
            .StartWith("provision migration: 12 loans read from book.csv, 7 provisioned or flagged, 5 rejected.\n");
        output.Should().Contain("loans read 12 = measured 7 + rejected 5");
        err.Should().Contain("book.csv: 5 problem(s) in 5 row(s)");
    }

    [Theory]
    [InlineData("ecl")]
    [InlineData("migration")]
    public void SkipInvalid_NoInvalidRows_OutputsIdenticalToDefaultRun(string command)
    {
        string book = Rows("book.csv", 2, 3, 9, 10, 12);
        var m = _dir.File("m.csv", Matrix);
        string o = _dir.Combine("skip"), od = _dir.Combine("default");
        CliRunner.Run("provision", command, "--book", book, "--matrix", m, "--skip-invalid", "--out", o).Code.Should().Be(0);
        CliRunner.Run("provision", command, "--book", book, "--matrix", m, "--out", od).Code.Should().Be(0);
        foreach (var f in Directory.GetFiles(od).Select(Path.GetFileName).Where(f => f != "manifest.json"))
        {
            File.ReadAllBytes(Path.Combine(o, f!)).Should().Equal(File.ReadAllBytes(Path.Combine(od, f!)), f);
        }

        File.ReadAllText(Path.Combine(o, "rejected.csv")).Should().Be("line,loan_id,column,value,rule\n");
        File.Exists(Path.Combine(od, "rejected.csv")).Should().BeFalse();
        Manifest(od).GetProperty("parameters").GetProperty("skip_invalid").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public void Ecl_SkipInvalidWithOpeningBook_RejectedClosingRowIsDerecognisedAndOpeningMustBeValid()
    {
        string open = Rows("open.csv", 2, 3, 12);
        var m = _dir.File("m.csv", Matrix);
        string oo = _dir.Combine("open-out"), o = _dir.Combine("out");
        CliRunner.Run("provision", "ecl", "--book", open, "--matrix", m, "--watch-states", "none", "--out", oo).Code.Should().Be(0);
        var opening = Csv(Path.Combine(oo, "loans.csv")).ToDictionary(f => f[0], f => double.Parse(f[12], CultureInfo.InvariantCulture));

        // L2's closing row breaks a rule: it has no closing allowance, so its opening allowance leaves as derecognised.
        string book = _dir.File("book.csv", Header + s_rows[2] + "\n" + s_rows[3].Replace("linear", "balloon", StringComparison.Ordinal) + "\n" + s_rows[12] + "\n");
        var (code, _, err) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--watch-states", "none", "--opening-book", open, "--skip-invalid", "--out", o);
        code.Should().Be(0, err);
        var mv = Csv(Path.Combine(o, "movement.csv")).ToDictionary(f => f[0], f => double.Parse(f[4], CultureInfo.InvariantCulture));
        mv["derecognised"].Should().Be(-opening["L2"]);
        mv["new"].Should().Be(0);
        File.ReadAllText(Path.Combine(o, "summary.txt")).Should().Contain("reported as derecognised");

        // An invalid opening book still fails the run.
        string badOpen = _dir.File("bad-open.csv", Header + s_rows[2] + "\n" + s_rows[5] + "\n");
        var (badCode, _, badErr) = CliRunner.Run("provision", "ecl", "--book", book, "--matrix", m, "--opening-book", badOpen, "--skip-invalid", "--out", _dir.Combine("bad"));
        badCode.Should().Be(3);
        badErr.Should().Contain("bad-open.csv:3: classification = X");
        File.Exists(_dir.Combine("bad", "loans.csv")).Should().BeFalse();
    }
}
