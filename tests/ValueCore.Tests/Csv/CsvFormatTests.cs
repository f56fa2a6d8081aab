using System.Text;
using ValueCore.Batch;
using ValueCore.IO;
using ValueCore.IO.Csv;
using ValueCore.IO.MonteCarlo;
using ValueCore.IO.Migration;
using ValueCore.IO.Provisions;
using ValueCore.IO.Risk;
using ValueCore.Portfolio;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Csv;

/// <summary>
/// Issue 16 item 2: one tokenizer with a delimiter and a decimal separator, headers matched ignoring case, and one
/// clear issue for a file that looks like it has another separator. The expected values are the same inputs read
/// from the plain file (issue 16's rule): a semicolon/decimal-comma copy and an upper-case-header copy must give
/// exactly what the plain file gives.
/// </summary>
public class CsvFormatTests
{
    private static readonly LoanBookCsvOptions s_semicolonComma = new() { Delimiter = ';', DecimalSeparator = ',' };

    /// <summary>A seeded sample book (the generator of <c>valuecore sample</c>): no quotes, numbers with points.</summary>
    private static string PlainBook(TempFolder tmp, int rows = 700)
    {
        string path = tmp.Combine("plain.csv");
        var (code, _, error) = CliRunner.Run("sample", "--rows", rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "7", "--out", path);
        code.Should().Be(0, error);
        return path;
    }

    /// <summary>The same book with ';' between fields and ',' as decimal separator (every '.' in the sample is a decimal point).</summary>
    private static string SemicolonCommaCopy(TempFolder tmp, string plain) =>
        tmp.File("semicolon.csv", string.Concat(File.ReadAllLines(plain).Select(l => l.Replace(',', ';').Replace('.', ',') + "\n")));

    private static string UpperHeaderCopy(TempFolder tmp, string plain)
    {
        var lines = File.ReadAllLines(plain);
        lines[0] = lines[0].ToUpperInvariant();
        return tmp.File("upper.csv", string.Concat(lines.Select(l => l + "\n")));
    }

    private static void ShouldEqual(LoanBook actual, LoanBook expected)
    {
        actual.Count.Should().Be(expected.Count);
        actual.LoanId.ToArray().Should().Equal(expected.LoanId.ToArray());
        actual.Segment.ToArray().Should().Equal(expected.Segment.ToArray());
        actual.AssetClass.ToArray().Should().Equal(expected.AssetClass.ToArray());
        actual.Ead.ToArray().Should().Equal(expected.Ead.ToArray());
        actual.Pd.ToArray().Should().Equal(expected.Pd.ToArray());
        actual.Lgd.ToArray().Should().Equal(expected.Lgd.ToArray());
        actual.MaturityYears.ToArray().Should().Equal(expected.MaturityYears.ToArray());
        actual.SalesEurMillions.ToArray().Should().Equal(expected.SalesEurMillions.ToArray());
        actual.Rate.ToArray().Should().Equal(expected.Rate.ToArray());
        actual.FtpRate.ToArray().Should().Equal(expected.FtpRate.ToArray());
        actual.Classification.ToArray().Should().Equal(expected.Classification.ToArray());
    }

    /// <summary>Every file of an output folder but the manifest (which records the input's SHA-256 and name).</summary>
    private static Dictionary<string, byte[]> Outputs(string folder) =>
        Directory.GetFiles(folder).Where(f => Path.GetFileName(f) != "manifest.json")
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    [Fact]
    public void LoanBookCsvRead_SemicolonAndDecimalComma_SameBookAsPlainFile()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp);
        var expected = LoanBookCsv.Read(plain);
        ShouldEqual(LoanBookCsv.Read(SemicolonCommaCopy(tmp, plain), s_semicolonComma), expected);
    }

    [Fact]
    public void LoanBookCsvRead_UpperCaseHeaders_SameBookAsPlainFile()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp);
        ShouldEqual(LoanBookCsv.Read(UpperHeaderCopy(tmp, plain)), LoanBookCsv.Read(plain));
    }

    [Fact]
    public void ProvisionBookCsvRead_SemicolonAndDecimalComma_SameBookAndLinesAsPlainFile()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp, 300);
        var expected = ProvisionBookCsv.Read(plain, ["classification"], out long[] expectedLines);
        var actual = ProvisionBookCsv.Read(SemicolonCommaCopy(tmp, plain), ["CLASSIFICATION"], s_semicolonComma, out long[] lines);
        ShouldEqual(actual, expected);
        lines.Should().Equal(expectedLines);
    }

    [Fact]
    public void RarocCsvJobRun_SemicolonAndDecimalComma_SameOutputBytesAsPlainFile()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp);
        RarocCsvJob.Run(new RarocJobOptions { BookPath = plain, OutputDirectory = tmp.Combine("plain-out"), Keep = ["product"] });
        RarocCsvJob.Run(new RarocJobOptions { BookPath = SemicolonCommaCopy(tmp, plain), OutputDirectory = tmp.Combine("semi-out"), Keep = ["product"], Csv = s_semicolonComma });
        var expected = Outputs(tmp.Combine("plain-out"));
        expected.Should().ContainKey("loans.csv");
        Outputs(tmp.Combine("semi-out")).Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void RarocCsvJobRun_UpperCaseHeaders_SameOutputBytesAsPlainFile()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp);
        RarocCsvJob.Run(new RarocJobOptions { BookPath = plain, OutputDirectory = tmp.Combine("plain-out") });
        RarocCsvJob.Run(new RarocJobOptions { BookPath = UpperHeaderCopy(tmp, plain), OutputDirectory = tmp.Combine("upper-out") });
        Outputs(tmp.Combine("upper-out")).Should().BeEquivalentTo(Outputs(tmp.Combine("plain-out")));
    }

    [Fact]
    public void RarocCsvJobRun_DelimiterInsideQuotesAndCommaInText_FieldKeptAndQuotedInLoans()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id;segment;asset_class;ead;pd;lgd;rate;ftp_rate;maturity\n"
            + "\"L;1\";retail,north;retail_other;1000,5;0,01;0,45;0,05;0,03;2,5\n");
        RarocCsvJob.Run(new RarocJobOptions { BookPath = book, OutputDirectory = tmp.Combine("out"), Csv = s_semicolonComma });
        var loans = File.ReadAllLines(tmp.Combine("out", "loans.csv"));
        // A quoted field is copied as it stands (valid CSV); a field holding ',' is quoted for the comma-separated output.
        loans[1].Should().StartWith("\"L;1\",\"retail,north\",retail_other,1000.5,");
    }

    [Fact]
    public void LoanBookCsvRead_SemicolonFileReadWithComma_OneFormatIssueNamingTheSeparator()
    {
        using var tmp = new TempFolder();
        string semi = SemicolonCommaCopy(tmp, PlainBook(tmp, 50));
        var e = FluentActions.Invoking(() => LoanBookCsv.Read(semi)).Should().Throw<CsvFormatException>().Which;
        e.SuggestedDelimiter.Should().Be(';');
        e.Line.Should().Be(1);
        e.Message.Should().Be("semicolon.csv:1: the header has one column and contains ';': the file looks semicolon-separated");
        e.Message.Should().NotContain("--");
    }

    [Fact]
    public void LoanBookCsvRead_DecimalCommaReadWithPoint_OneFormatIssueNamingTheDecimalSeparator()
    {
        using var tmp = new TempFolder();
        string semi = SemicolonCommaCopy(tmp, PlainBook(tmp, 50));
        var e = FluentActions.Invoking(() => LoanBookCsv.Read(semi, new LoanBookCsvOptions { Delimiter = ';' })).Should().Throw<CsvFormatException>().Which;
        e.SuggestedDecimalSeparator.Should().Be(',');
        e.SuggestedDelimiter.Should().BeNull();
        e.Line.Should().Be(2);
        e.Message.Should().Contain("the file looks like it uses ',' as decimal separator").And.NotContain("--");
    }

    [Fact]
    public void LoanBookCsvRead_DelimiterEqualsDecimalSeparator_ArgumentException()
    {
        using var tmp = new TempFolder();
        string plain = PlainBook(tmp, 10);
        FluentActions.Invoking(() => LoanBookCsv.Read(plain, new LoanBookCsvOptions { DecimalSeparator = ',' }))
            .Should().Throw<ArgumentException>().WithMessage("*delimiter and the decimal separator are both ','*");
    }

    [Fact]
    public void LoanBookCsvRead_HeadersEqualButForCase_IssueNamingBoth()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,LGD,rate,ftp_rate,maturity\nL1,s,corporate,1,0.01,0.4,0.5,0.05,0.03,2\n");
        var e = FluentActions.Invoking(() => LoanBookCsv.Read(book)).Should().Throw<DataValidationException>().Which;
        e.Issues.Should().ContainSingle().Which.Rule.Should().Be("the columns 'lgd' (field 6) and 'LGD' (field 7) differ only in case (headers are matched ignoring case)");
    }

    [Fact]
    public void Raroc_SemicolonFile_OneLineNamingTheDelimiterOption()
    {
        using var tmp = new TempFolder();
        string semi = SemicolonCommaCopy(tmp, PlainBook(tmp, 2000));
        var (code, _, error) = CliRunner.Run("raroc", "--book", semi, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Trim().Should().Be("semicolon.csv:1: the header has one column and contains ';': the file looks semicolon-separated (read it with --delimiter ';')");
    }

    [Fact]
    public void RarocCsvJobRun_SemicolonFileWithDecimalCommasReadWithPoint_OneFormatIssueNotAThousand()
    {
        using var tmp = new TempFolder();
        string semi = SemicolonCommaCopy(tmp, PlainBook(tmp, 3000));
        var e = FluentActions.Invoking(() => RarocCsvJob.Run(new RarocJobOptions
        {
            BookPath = semi, OutputDirectory = tmp.Combine("out"), SkipInvalid = true, Csv = new LoanBookCsvOptions { Delimiter = ';' },
        })).Should().Throw<CsvFormatException>().Which;
        e.Line.Should().Be(2);
        e.SuggestedDecimalSeparator.Should().Be(',');
    }

    [Fact]
    public void Raroc_QuotedDecimalCommaInCommaFile_RowIssueAsBefore()
    {
        // In a comma-separated file "1,5" had to be quoted: a stray value, reported on its row (no format hint).
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity\nL1,s,corporate,\"1,5\",0.01,0.45,0.05,0.03,2.5\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("book.csv:2: ead = 1,5 is not a number").And.NotContain("decimal separator (read");
    }

    [Fact]
    public void CapitalCsvRead_UpperCaseHeaderAndQuotedLineBreak_ValuesAndPhysicalLines()
    {
        var table = CapitalCsv.Read(new StringReader("UNIT,Risk_Type,EC\n\"bank\nnorth\",credit,100\nbank,market,2.5\n"), "capital.csv");
        table.Units.Should().Equal("bank\nnorth", "bank");
        table.Rows.Select(r => (r.Ec, r.Line)).Should().Equal((100.0, 2L), (2.5, 4L));
    }

    [Fact]
    public void CapitalCsvRead_SemicolonHeader_FormatIssue()
    {
        FluentActions.Invoking(() => CapitalCsv.Read(new StringReader("unit;risk_type;ec\nbank;credit;100\n"), "capital.csv"))
            .Should().Throw<CsvFormatException>().Which.SuggestedDelimiter.Should().Be(';');
    }

    [Fact]
    public void FactorFileCsvRead_UpperCaseHeaderAndQuotedKey_ModelAsPlain()
    {
        using var tmp = new TempFolder();
        string path = tmp.File("factors.csv", "TYPE,Key,f1,f2\ncorrelation,f1,1,0.3\ncorrelation,f2,0.3,1\nsegment,\"retail, north\",0.4,0.1\n");
        var model = FactorFileCsv.Read(path);
        model.FactorNames.Should().Equal("f1", "f2");
        model.Correlation(0, 1).Should().Be(0.3);
        model.SegmentLoadings["retail, north"].Should().Equal(0.4, 0.1);
    }

    [Fact]
    public void MigrationCsvReadMatrix_UpperCaseFromAndPeriod_SameMatrixAsPlain()
    {
        using var tmp = new TempFolder();
        string plain = tmp.File("plain.csv", "from,A,D,period_years\nA,0.9,0.1,1\nD,0,1,1\n");
        string upper = tmp.File("upper.csv", "FROM,A,D,Period_Years\nA,0.9,0.1,1\nD,0,1,1\n");
        var expected = MigrationCsv.ReadMatrix(plain, ["D"]);
        var actual = MigrationCsv.ReadMatrix(upper, ["D"]);
        actual[0, 1].Should().Be(expected[0, 1]);
        actual[0, 0].Should().Be(0.9);
    }

    [Fact]
    public void RatingHistoryReaderParse_UpperCaseHeaderAndQuotedFields_SameAsPlain()
    {
        var plain = RatingHistoryReader.Parse(Encoding.UTF8.GetBytes("entity_id,time,state,balance\nA,0.5,pass,1000.25\nA,1.5,loss,0\n"), "h.csv");
        var upper = RatingHistoryReader.Parse(Encoding.UTF8.GetBytes("Entity_ID,TIME,State,Balance\n\"A\",0.5,\"pass\",1000.25\nA,1.5,loss,0\n"), "h.csv");
        upper.Should().BeEquivalentTo(plain);
    }

    [Theory]
    [InlineData("0,45", 0.45)]
    [InlineData("-12,5e3", -12500.0)]
    [InlineData("7", 7.0)]
    [InlineData(",5", 0.5)]
    public void CsvFormatTryParseNumber_DecimalComma_SameDoubleAsPointText(string text, double expected)
    {
        CsvFormat.From(';', ',').TryParseNumber(Encoding.UTF8.GetBytes(text), out double value).Should().BeTrue();
        value.Should().Be(expected);
    }

    [Theory]
    [InlineData("0.45")]
    [InlineData("1,2,3")]
    [InlineData("1.000,5")]
    [InlineData("")]
    [InlineData("NaN")]
    public void CsvFormatTryParseNumber_DecimalCommaGrammar_Rejected(string text) =>
        CsvFormat.From(';', ',').TryParseNumber(Encoding.UTF8.GetBytes(text), out _).Should().BeFalse();

    [Theory]
    [InlineData('"', '.')]
    [InlineData('\n', '.')]
    [InlineData('a', '.')]
    [InlineData(';', ';')]
    [InlineData(',', ',')]
    [InlineData(';', '_')]
    public void CsvFormatFrom_UnusablePair_ArgumentException(char delimiter, char decimalSeparator) =>
        FluentActions.Invoking(() => CsvFormat.From(delimiter, decimalSeparator)).Should().Throw<ArgumentException>();

    [Fact]
    public void CsvRecordSplitterSplit_SemicolonDelimiterLongRecord_SameFieldsAsCommaRecord()
    {
        // Longer than one 32-byte block, so the vector path splits it; a quoted field holds the delimiter.
        var fields = Enumerable.Range(0, 40).Select(i => "field" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var comma = Encoding.UTF8.GetBytes(string.Join(",", fields));
        var semicolon = Encoding.UTF8.GetBytes(string.Join(";", fields));
        var a = new CsvRecordSplitter();
        var b = new CsvRecordSplitter((byte)';');
        a.Split(comma, 0, comma.Length);
        b.Split(semicolon, 0, semicolon.Length);
        b.Count.Should().Be(a.Count);
        for (int i = 0; i < a.Count; i++)
        {
            b.Value(i).ToArray().Should().Equal(a.Value(i).ToArray());
        }

        var quoted = "a;\"b;c\";d"u8.ToArray();
        b.Split(quoted, 0, quoted.Length);
        b.Count.Should().Be(3);
        Encoding.UTF8.GetString(b.Value(1)).Should().Be("b;c");
    }
}
