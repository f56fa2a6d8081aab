using System.Text;

namespace ValueCore.Tests.Cli;

/// <summary>Text in and out through the commands (issue 17 items 8, 12, 13, 14): the OWASP apostrophe and
/// <c>--raw-text</c>, invalid UTF-8 rejected by rule, a bare CR quoted, bounded values in messages.</summary>
public class TextInOutCommandTests
{
    private const string Header = "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity,sales,fees,opex";
    private const string Numbers = "corporate,1000,0.01,0.45,0.05,0.03,2.5,,0,0";

    [Fact]
    public void Raroc_FormulaLikeText_ApostropheInLoansAndGroupFiles()
    {
        // Issue 17 item 12's payloads; "-5" and "-7" are numbers and stay as they are (OWASP: text cells only).
        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", Header + ",note\n"
            + "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(1+1)," + Numbers + ",+cmd|' /C calc'!A0\n"
            + "-5,corp," + Numbers + ",-7\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--keep", "note", "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        var loans = File.ReadAllLines(tmp.Combine("out", "loans.csv"));
        loans[1].Should().StartWith("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'+cmd|' /C calc'!A0,'@SUM(1+1),corporate,1000,");
        loans[2].Should().StartWith("-5,-7,corp,corporate,1000,");
        File.ReadAllLines(tmp.Combine("out", "by_segment.csv")).Should().Contain(l => l.StartsWith("'@SUM(1+1),1,", StringComparison.Ordinal));
    }

    [Fact]
    public void Raroc_RawText_TextWrittenAsRead()
    {
        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", Header + ",note\n"
            + "\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",@SUM(1+1)," + Numbers + ",+cmd|' /C calc'!A0\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--keep", "note", "--raw-text", "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        File.ReadAllLines(tmp.Combine("out", "loans.csv"))[1].Should().StartWith("\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",+cmd|' /C calc'!A0,@SUM(1+1),corporate,1000,");
        File.ReadAllLines(tmp.Combine("out", "by_segment.csv")).Should().Contain(l => l.StartsWith("@SUM(1+1),1,", StringComparison.Ordinal));
    }

    private static byte[] Utf8Book() => [
        .. Encoding.ASCII.GetBytes(Header + "\nU1,seg"), 0xFF, .. Encoding.ASCII.GetBytes("," + Numbers + "\nU2,seg"), 0xFE,
        .. Encoding.ASCII.GetBytes("," + Numbers + "\nU3,seg"), 0xEF, 0xBF, 0xBD, .. Encoding.ASCII.GetBytes("," + Numbers + "\n")];

    [Fact]
    public void Raroc_InvalidUtf8Segment_RejectedByRuleAndNotMergedWithReplacementCharacter()
    {
        // Issue 17 item 13: seg\xff and seg\xfe are not UTF-8 (Unicode 15, table 3-7: 0xFE and 0xFF never occur);
        // seg\xef\xbf\xbd is U+FFFD, valid, and stays a group of its own: 3 read = 1 valued + 2 rejected.
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        File.WriteAllBytes(book, Utf8Book());
        var (code, output, error) = CliRunner.Run("raroc", "--book", book, "--skip-invalid", "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        output.Should().Contain("loans read 3, valued 1, rejected 2");
        error.Should().Contain("book.csv:2: segment = seg\\xff is not valid UTF-8").And.Contain("book.csv:3: segment = seg\\xfe is not valid UTF-8");
        var groups = File.ReadAllLines(tmp.Combine("out", "by_segment.csv"), Encoding.UTF8);
        groups.Should().HaveCount(2);
        groups[1].Should().StartWith("seg\uFFFD,1,");
        File.ReadAllLines(tmp.Combine("out", "rejected.csv")).Skip(1).Should().HaveCount(2).And.OnlyContain(l => l.EndsWith(",is not valid UTF-8", StringComparison.Ordinal));
    }

    [Fact]
    public void Raroc_InvalidUtf8WithoutSkipInvalid_Exit3()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        File.WriteAllBytes(book, Utf8Book());
        CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out")).Code.Should().Be(3);
        File.Exists(tmp.Combine("out", "loans.csv")).Should().BeFalse();
    }

    [Fact]
    public void Raroc_BareCarriageReturnInAField_QuotedInLoansCsv()
    {
        // Issue 17 item 14: an unquoted CR copied as it is makes a CSV reader see an extra row (RFC 4180 section 2.6:
        // a field holding CR must be quoted).
        using var tmp = new TempFolder();
        var book = tmp.File("book.csv", Header + "\nA\rB,corp," + Numbers + "\nC,corp," + Numbers + "\n");
        var (code, _, error) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("out"));
        code.Should().Be(0, error);
        string loans = File.ReadAllText(tmp.Combine("out", "loans.csv"));
        loans.Should().Contain("\n\"A\rB\",corp,corporate,1000,");
        loans.Split('\n').Should().HaveCount(4, "header, two loans, and the empty text after the last LF");
    }

    [Fact]
    public void Ftp_BareCarriageReturnAndFormulaText_QuotedAndEscapedInBookFtp()
    {
        using var tmp = new TempFolder();
        string curve = tmp.File("curve.csv", "tenor_years,rate\n1,0.01\n2,0.02\n");
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,repricing,amortisation\n"
            + "=x,se\rg,corporate,1000,0.01,0.4,1.5,0.05,,bullet\n"
            + "-3,\"a,b\",corporate,-0,0.01,0.4,1.5,0.05,,bullet\n");
        var (code, _, error) = CliRunner.Run("ftp", "--book", book, "--curve", curve, "--out", tmp.Combine("f"));
        code.Should().Be(0, error);
        var bookFtp = File.ReadAllText(tmp.Combine("f", "book_ftp.csv"));
        bookFtp.Should().Contain("\n'=x,\"se\rg\",corporate,1000,0.01,0.4,1.5,0.05,,bullet,");
        bookFtp.Should().Contain("\n-3,\"a,b\",corporate,-0,0.01,", "numbers and fields that need nothing are copied as they stand");
        File.ReadAllLines(tmp.Combine("f", "ftp.csv"))[1].Should().StartWith("'=x,bullet,");
    }

    [Fact]
    public void MarketRisk_OneMegabyteUnitName_EveryMessageBounded()
    {
        // Issue 17 item 8: a 1 MB unit name was repeated in every issue (499 MB on stderr). Each message now shows
        // at most DataIssue.MaxValueChars characters of a value and its length.
        using var tmp = new TempFolder();
        string unit = new('u', 1 << 20);
        string pnl = tmp.File("pnl.csv", "scenario,unit,pnl\n1,A,-10\n1," + unit + ",-1\n2,A,0\n3,A,5\n");
        var (code, _, error) = CliRunner.Run("market-risk", "--pnl", pnl, "--out", tmp.Combine("m"));
        code.Should().Be(3);
        error.Should().Contain("unit = " + new string('u', DataIssue.MaxValueChars) + "... (1048576 characters) has no row for scenario 2");
        error.Length.Should().BeLessThan(4096);
    }

    [Fact]
    public void MarketRisk_InvalidUtf8UnitName_Exit3NamingTheLine()
    {
        // The readers that decode a whole file as text check it first: U+FFFD would otherwise merge "A\xff" and "A\xfe".
        using var tmp = new TempFolder();
        string pnl = tmp.Combine("pnl.csv");
        File.WriteAllBytes(pnl, [.. Encoding.ASCII.GetBytes("scenario,unit,pnl\n1,A"), 0xFF, .. Encoding.ASCII.GetBytes(",-10\n1,A"), 0xFE,
            .. Encoding.ASCII.GetBytes(",-1\n2,B,0\n")]);
        var (code, _, error) = CliRunner.Run("market-risk", "--pnl", pnl, "--out", tmp.Combine("m"));
        code.Should().Be(3);
        error.Should().Contain("pnl.csv:2: is not valid UTF-8 from byte 4 of the line (\"1,A\\xff,-1\")")
            .And.Contain("pnl.csv:3: is not valid UTF-8");
    }

    [Fact]
    public void RatingHistory_InvalidUtf8EntityId_RejectedNamingLineAndField()
    {
        byte[] csv = [.. Encoding.ASCII.GetBytes("entity_id,date,state\nA,2020-12-31,pass\nB"), 0xFF, .. Encoding.ASCII.GetBytes(",2020-12-31,pass\n")];
        var act = () => ValueCore.IO.Migration.RatingHistoryReader.Parse(csv, "h.csv");
        var e = act.Should().Throw<DataValidationException>().Which;
        e.Issues.Should().ContainSingle().Which.Format("h.csv").Should().Be("h.csv:3: field 1 = B\\xff is not valid UTF-8");
    }
}
