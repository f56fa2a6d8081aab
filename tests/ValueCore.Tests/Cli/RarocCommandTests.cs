using System.Globalization;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Cli;

public class RarocCommandTests
{
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,sales,fees,opex";

    private static string Book(params string[] rows) => Header + "\n" + string.Join("\n", rows) + "\n";

    private static readonly string[] s_valid =
    [
        "A1,corp,corporate,1000000,0.01,0.45,0.05,0.03,2.5,,1000,500",
        "A2,corp,sme,500000,0.02,0.40,0.06,0.03,3,20,500,300",
        "A3,retail,retail_mortgage,200000,0.005,0.2,0.03,0.02,,,0,100",
        "A4,retail,retail_revolving,5000,0.03,0.8,0.15,0.02,,,50,20",
    ];

    [Fact]
    public void Raroc_ValidBook_WritesEveryOutputAndReconciles()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid));
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        output.Should().Contain("loans read 4, valued 4, rejected 0");
        foreach (var f in new[] { "loans.csv", "by_segment.csv", "rejected.csv", "manifest.json" })
        {
            File.Exists(tmp.Combine("out", f)).Should().BeTrue(f);
        }

        Directory.GetFiles(tmp.Combine("out")).Should().HaveCount(4, "no temporary files are left behind");
        var loans = File.ReadAllLines(tmp.Combine("out", "loans.csv"));
        loans.Should().HaveCount(5);
        loans[0].Should().StartWith("loan_id,segment,asset_class,ead,pd,correlation,maturity_adjustment,k,rwa,el,ec,revenue,return_pretax,return,raroc,eva");

        // Invariant: each group's sums equal the sums of its loans (read back from the files, round-trip exact).
        var rows = loans.Skip(1).Select(l => l.Split(',')).ToList();
        var groups = File.ReadAllLines(tmp.Combine("out", "by_segment.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        foreach (var g in groups)
        {
            var members = rows.Where(r => r[1] == g[0]).ToList();
            double ec = members.Sum(r => double.Parse(r[10], CultureInfo.InvariantCulture));
            double ret = members.Sum(r => double.Parse(r[13], CultureInfo.InvariantCulture));
            int.Parse(g[1], CultureInfo.InvariantCulture).Should().Be(members.Count);
            double.Parse(g[4], CultureInfo.InvariantCulture).Should().BeApproximately(ec, Math.Abs(ec) * 1e-14);
            double.Parse(g[8], CultureInfo.InvariantCulture).Should().BeApproximately(ret / ec, 1e-14, "group RAROC = sum(return) / sum(EC)");
        }
    }

    [Fact]
    public void Raroc_NumberTexts_WrittenAsTheShortestRoundTripOfTheValueUsed()
    {
        // The ead and pd columns copy canonical input text and format everything else: either way each cell must be
        // exactly double.ToString("R") of the value the valuation used (pd after the 0.03% floor).
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(
            "B1,corp,corporate,1000.50,0.0100,0.45,0.05,0.03,2.5,,0,0",
            "B2,corp,corporate,1000.5,0.01,0.45,0.05,0.03,2.5,,0,0",
            "B3,corp,corporate,1234567.891234567,0.0001,0.45,0.05,0.03,2.5,,0,0",
            "B4,corp,corporate,1e3,0.00001,0.45,0.05,0.03,2.5,,0,0",
            "B5,retail,retail_mortgage,\"250\",\"0.02\",0.2,0.03,0.02,,,0,0"));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        var rows = File.ReadAllLines(tmp.Combine("out", "loans.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);
        rows.Select(r => r[3]).Should().Equal(R(1000.5), R(1000.5), R(1234567.891234567), R(1000), R(250));
        rows.Select(r => r[4]).Should().Equal(R(0.01), R(0.01), R(0.0003), R(0.0003), R(0.02));
        rows[0].Skip(3).Should().Equal(rows[1].Skip(3), "1000.50 and 1000.5 are the same loan");
    }

    [Theory]
    [InlineData("A9,corp,corporate,1000,1.5,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: pd = 1.5 is outside (0, 1]")]
    [InlineData("A9,corp,corporate,1000,0,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: pd = 0 is outside (0, 1]")]
    [InlineData("A9,corp,corporate,1000,0.01,1.2,0.05,0.03,2.5,,0,0", "loans.csv:3: lgd = 1.2 is outside [0, 1]")]
    [InlineData("A9,corp,corporate,-5,0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: ead = -5 must be >= 0")]
    [InlineData("A9,corp,corporate,1000,NaN,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: pd = NaN is not a number")]
    [InlineData("A9,corp,corporate,Infinity,0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: ead = Infinity is not a number")]
    [InlineData("A9,corp,corporate,\"1,5\",0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: ead = 1,5 is not a number")]
    [InlineData("A9,corp,corporates,1000,0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: asset_class = corporates is not an asset class")]
    [InlineData("A9,corp,corporate,1000,0.01,0.45,0.05,0.03,,,0,0", "loans.csv:3: maturity = (empty) is required")]
    [InlineData("A9,corp,corporate,1000,0.01,0.45,0.05,0.03,0,,0,0", "loans.csv:3: maturity = 0 is outside (0, 100] years")]
    [InlineData(",corp,corporate,1000,0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: loan_id = (empty) must not be empty")]
    [InlineData("A9,corp,corporate,1000,0.01,0.45,0.05,0.03,2.5,,0,0,extra", "loans.csv:3: wrong number of fields: expected 12, found 13")]
    [InlineData("A9,corp,corporate,1000,0.01,0.45", "loans.csv:3: wrong number of fields: expected 12, found 6")]
    [InlineData("A9,corp,sme,1000,0.01,0.45,0.05,0.03,2,-3,0,0", "loans.csv:3: sales = -3 must be >= 0 (EUR millions)")]
    [InlineData("A1,corp,corporate,1000,0.01,0.45,0.05,0.03,2.5,,0,0", "loans.csv:3: loan_id = A1 duplicates the loan_id of line 2")]
    public void Raroc_InvalidRow_FailsWithExitCode3NamingLineColumnValueAndRule(string badRow, string expectedMessage)
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid[0], badRow, s_valid[1]));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain(expectedMessage);
        File.Exists(tmp.Combine("out", "loans.csv")).Should().BeFalse("a failed run writes no partial results");
        File.Exists(tmp.Combine("out", "by_segment.csv")).Should().BeFalse();
        var rejected = File.ReadAllLines(tmp.Combine("out", "rejected.csv"));
        rejected[0].Should().Be("line,loan_id,column,value,rule");
        rejected.Should().HaveCount(2);
        rejected[1].Should().StartWith("3,");
    }

    [Fact]
    public void Raroc_SkipInvalid_ValuesValidRowsAndReconcilesCounts()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid[0], "B1,corp,corporate,1000,2,0.45,0.05,0.03,2.5,,0,0", s_valid[1], "B2,x,nope,1,1,1,1,1,1,,0,0", s_valid[2]));
        var (code, output, _) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--skip-invalid");
        code.Should().Be(0);
        output.Should().Contain("loans read 5, valued 3, rejected 2");
        File.ReadAllLines(tmp.Combine("out", "loans.csv")).Should().HaveCount(4);
        File.ReadAllLines(tmp.Combine("out", "rejected.csv")).Skip(1).Select(l => l.Split(',')[0]).Should().Equal("3", "5");
        File.ReadAllText(tmp.Combine("out", "manifest.json")).Should().Contain("\"read\": 5").And.Contain("\"valued\": 3").And.Contain("\"rejected\": 2");
    }

    [Fact]
    public void Raroc_EveryProblemReportedInOnePass()
    {
        using var tmp = new TempFolder();
        var rows = Enumerable.Range(0, 1500).Select(i => $"X{i},corp,corporate,1000,7,0.45,0.05,0.03,2.5,,0,0").ToArray();
        var book = tmp.File("loans.csv", Book(rows));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("1,500 problem(s)").And.Contain("1,000 listed");
        File.ReadAllLines(tmp.Combine("out", "rejected.csv")).Should().HaveCount(1501, "every problem is written to rejected.csv");
    }

    [Fact]
    public void Raroc_MissingRequiredColumn_FailsNamingIt()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,ead,pd,rate,ftp_rate\nA,s,corporate,1,0.1,0.1,0.1\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("loans.csv:1: required column 'lgd' is missing");
    }

    [Fact]
    public void Raroc_EmptyFile_SaysSo()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("loans.csv: the file is empty");
    }

    [Fact]
    public void Raroc_QuotedFieldWithLineBreak_KeepsPhysicalLineNumbers()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book("\"A,1\",\"multi\nline segment\",corporate,1000,0.01,0.45,0.05,0.03,2.5,,0,0", "A2,corp,corporate,1000,3,0.45,0.05,0.03,2.5,,0,0"));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--skip-invalid");
        code.Should().Be(0);
        error.Should().Contain("loans.csv:4: pd = 3 is outside (0, 1]", "the quoted line break makes the second record start on line 4");
        File.ReadAllText(tmp.Combine("out", "loans.csv")).Should().Contain("\"A,1\",\"multi\nline segment\",corporate,");
    }

    [Fact]
    public void Raroc_ColumnMapAndDrawnPlusCcf_AreHonoured()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", "ID,segment,asset_class,drawn,undrawn,ccf,PD_1Y,lgd,rate,ftp_rate,maturity\nA,s,corporate,1000,500,0.5,0.01,0.45,0.05,0.03,2.5\n");
        var map = tmp.File("map.json", "{ \"loan_id\": \"ID\", \"pd\": \"PD_1Y\" }");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--map", map, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        var fields = File.ReadAllLines(tmp.Combine("out", "loans.csv"))[1].Split(',');
        fields[0].Should().Be("A");
        fields[3].Should().Be("1250", "EAD = drawn + CCF x undrawn = 1000 + 0.5 x 500");
    }

    [Fact]
    public void Raroc_GroupingsAndKeep_WriteOneFilePerGrouping()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid));
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"), "--by", "segment,asset_class", "--by", "asset_class", "--keep", "sales");
        code.Should().Be(0, error);
        File.ReadAllLines(tmp.Combine("out", "by_segment_asset_class.csv"))[0].Should().Be("segment,asset_class,loans,ead,el,ec,rwa,revenue,return,raroc,eva");
        File.ReadAllLines(tmp.Combine("out", "by_asset_class.csv")).Should().HaveCount(5);
        File.ReadAllLines(tmp.Combine("out", "loans.csv"))[0].Should().StartWith("loan_id,sales,segment,");
    }

    [Fact]
    public void Raroc_ZeroCapitalLoan_GetsEmptyRarocCell()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book("Z,s,corporate,1000,0.01,0,0.05,0.03,2.5,,0,0"));
        var (code, output, _) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0);
        output.Should().Contain("zero capital (RAROC left empty): 1");
        var fields = File.ReadAllLines(tmp.Combine("out", "loans.csv"))[1].Split(',');
        fields[14].Should().BeEmpty();
        fields.Should().NotContain(f => f.Contains("NaN", StringComparison.Ordinal) || f.Contains("Infinity", StringComparison.Ordinal));
    }

    [Fact]
    public void Raroc_UnknownOption_IsUsageError()
    {
        var (code, _, error) = CliRunner.Run("raroc", "--book", "x.csv", "--hurdel", "0.1");
        code.Should().Be(2);
        error.Should().Contain("unknown option '--hurdel'");
    }

    [Fact]
    public void Raroc_MissingBook_IsUsageError()
    {
        var (code, _, error) = CliRunner.Run("raroc", "--book", "/nonexistent/loans.csv", "--out", Path.Combine(Path.GetTempPath(), "valuecore-never-written"));
        code.Should().Be(2);
        error.Should().Contain("file not found");
    }

    [Fact]
    public void Raroc_Help_ListsOptions()
    {
        var (code, output, _) = CliRunner.Run("raroc", "--help");
        code.Should().Be(0);
        output.Should().Contain("--book FILE").And.Contain("--skip-invalid").And.Contain("Exit codes");
    }

    [Fact]
    public void Raroc_ParamsFile_SetsSegmentHurdles()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid));
        var parameters = tmp.File("params.json", "{ \"hurdle\": 0.10, \"hurdle_by_segment\": { \"retail\": 0.20 } }");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--params", parameters, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        foreach (var line in File.ReadAllLines(tmp.Combine("out", "loans.csv")).Skip(1))
        {
            var f = line.Split(',');
            double ec = double.Parse(f[10], CultureInfo.InvariantCulture);
            double ret = double.Parse(f[13], CultureInfo.InvariantCulture);
            double eva = double.Parse(f[15], CultureInfo.InvariantCulture);
            double hurdle = f[1] == "retail" ? 0.20 : 0.10;
            eva.Should().BeApproximately(ret - (hurdle * ec), 1e-9 * Math.Max(1, Math.Abs(ret)));
        }
    }

    [Fact]
    public void Raroc_ParamsFileWithUnknownKey_NamesFileLineAndKey()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid));
        var parameters = tmp.File("params.json", "{\n  \"hurdle\": 0.10,\n  \"hurlde\": 0.2\n}");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--params", parameters, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("params.json:3: hurlde");
    }

    [Fact]
    public void Raroc_OneThreadAndManyThreads_GiveByteIdenticalFiles()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        using (var s = File.Create(book))
        {
            SampleLoanBook.Write(s, 40_000, seed: 3);
        }

        CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("one"), "--threads", "1", "--by", "segment,product").Code.Should().Be(0);
        CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("many"), "--threads", "8", "--by", "segment,product").Code.Should().Be(0);
        foreach (var f in new[] { "loans.csv", "by_segment_product.csv", "rejected.csv" })
        {
            File.ReadAllBytes(tmp.Combine("many", f)).Should().Equal(File.ReadAllBytes(tmp.Combine("one", f)), f);
        }
    }

    [Fact]
    public void Raroc_UnderGermanCulture_WritesTheSameBytes()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", Book(s_valid));
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("inv")).Code.Should().Be(0);
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            CultureInfo.CurrentUICulture = new CultureInfo("de-DE");
            CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("de"), "--hurdle", "0.12").Code.Should().Be(0);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        File.ReadAllBytes(tmp.Combine("de", "loans.csv")).Should().Equal(File.ReadAllBytes(tmp.Combine("inv", "loans.csv")));
        File.ReadAllBytes(tmp.Combine("de", "by_segment.csv")).Should().Equal(File.ReadAllBytes(tmp.Combine("inv", "by_segment.csv")));
    }

    [Fact]
    public void Raroc_CurveWithoutFtpColumn_MatchesTheFtpCommandThenRaroc()
    {
        using var tmp = new TempFolder();
        const string header = "loan_id,segment,asset_class,ead,pd,lgd,rate,maturity,amortisation,repricing";
        var book = tmp.File("loans.csv", header + "\n" +
            "A1,corp,corporate,1000000,0.01,0.45,0.05,2.5,bullet,\n" +
            "A2,corp,sme,500000,0.02,0.40,0.06,4,linear,\n" +
            "A3,retail,retail_mortgage,200000,0.005,0.2,0.03,20,annuity,\n" +
            "A4,retail,retail_other,20000,0.03,0.5,0.09,3,bullet,0.5\n");
        var curve = tmp.File("curve.csv", "tenor_years,rate\n0.25,0.02\n1,0.025\n5,0.032\n10,0.036\n");

        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--curve", curve, "--out", tmp.Combine("direct"));
        code.Should().Be(0, error);
        CliRunner.Run("ftp", "--book", book, "--curve", curve, "--out", tmp.Combine("ftp")).Code.Should().Be(0);
        CliRunner.Run("raroc", "--book", tmp.Combine("ftp", "book_ftp.csv"), "--out", tmp.Combine("twostep")).Code.Should().Be(0);

        File.ReadAllBytes(tmp.Combine("direct", "by_segment.csv")).Should().Equal(File.ReadAllBytes(tmp.Combine("twostep", "by_segment.csv")));
        var direct = File.ReadAllLines(tmp.Combine("direct", "loans.csv"));
        direct[0].Should().EndWith(",eva,ftp_rate");
        // A bullet loan's transfer price is the curve at its maturity: 2.5 years between (1, 2.5%) and (5, 3.2%).
        double.Parse(direct[1].Split(',')[^1], CultureInfo.InvariantCulture).Should().BeApproximately(0.025 + (0.007 * 1.5 / 4), 1e-15);
        // A floating-rate loan is matched to its repricing term: 0.5 years between (0.25, 2%) and (1, 2.5%).
        double.Parse(direct[4].Split(',')[^1], CultureInfo.InvariantCulture).Should().BeApproximately(0.02 + (0.005 * 0.25 / 0.75), 1e-15);
    }

    [Fact]
    public void Raroc_CurveButNoMaturity_RejectsTheLoanNamingTheRule()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("loans.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,maturity\nA1,retail,retail_other,1000,0.02,0.5,0.08,\n");
        var curve = tmp.File("curve.csv", "tenor_years,rate\n1,0.025\n5,0.032\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--curve", curve, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("loans.csv:2: maturity = (empty) is required to derive the transfer price from the funding curve");
    }
}
