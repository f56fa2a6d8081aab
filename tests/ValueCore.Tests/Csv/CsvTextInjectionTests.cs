using System.Text;
using ValueCore.IO;
using ValueCore.IO.Csv;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Csv;

/// <summary>Text in and out (issue 17 items 8, 12-14): bounded values in messages, the formula apostrophe, UTF-8 checks.</summary>
public class CsvTextInjectionTests
{
    // OWASP, "CSV Injection" (owasp.org/www-community/attacks/CSV_Injection): cells starting with =, +, -, @, tab or
    // carriage return are formulas to a spreadsheet; the escape is a leading single quote. The payloads are issue 17's.
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)", "'@SUM(1+1)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("-1.5", "-1.5")] // a number is never touched
    [InlineData("+2e3", "+2e3")]
    [InlineData("a=b", "a=b")]
    [InlineData("", "")]
    public void Field_FormulaStart_LeadingApostropheUnlessNumber(string text, string expected) =>
        CsvText.Field(text, rawText: false).Should().Be(expected);

    [Fact]
    public void Field_RawText_WrittenAsGiven()
    {
        CsvText.Field("@SUM(1+1)", rawText: true).Should().Be("@SUM(1+1)");
        CsvText.Field("=a,b", rawText: true).Should().Be("\"=a,b\"");
    }

    [Fact]
    public async Task Field_RawTextSetForTheFlow_AppliesToTheOneArgumentFieldAndFlowsToTasks()
    {
        CsvText.RawText.Should().BeFalse("the default escapes");
        CsvText.Field("=1+1").Should().Be("'=1+1");
        CsvText.RawText = true;
        try
        {
            CsvText.Field("=1+1").Should().Be("=1+1");
            (await Task.Run(() => CsvText.Field("=1+1"))).Should().Be("=1+1", "the setting flows to the tasks a run starts");
        }
        finally
        {
            CsvText.RawText = false;
        }
    }

    [Theory]
    [InlineData("=x", "'=x")]
    [InlineData("a\rb", "\"a\rb\"")]
    [InlineData("-1", "-1")]
    [InlineData("a\"b,c", "\"a\"\"b,c\"")]
    [InlineData("@a,\"b\"", "\"'@a,\"\"b\"\"\"")]
    public void WriteField_Utf8_SameBytesAsField(string text, string expected)
    {
        var value = Encoding.UTF8.GetBytes(text);
        var d = new byte[CsvText.FieldRoom(value.Length)];
        Encoding.UTF8.GetString(d, 0, CsvText.WriteField(d, 0, value)).Should().Be(expected).And.Be(CsvText.Field(text, rawText: false));
    }

    [Theory]
    [InlineData("\"=a\"\"b\"", "=a\"b")] // quoted in the file: unquoted, then written as a value
    [InlineData("=x", "=x")]
    [InlineData("\"a\rb\"", "a\rb")]
    public void WriteRawField_QuotedOrNot_WritesTheValue(string raw, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        var d = new byte[CsvText.FieldRoom(bytes.Length)];
        Encoding.UTF8.GetString(d, 0, CsvText.WriteRawField(d, 0, bytes)).Should().Be(CsvText.Field(value, rawText: false));
    }

    [Fact]
    public void Shorten_OneMegabyteValue_FirstCharactersAndLength()
    {
        string value = new('u', 1 << 20);
        string shown = DataIssue.Shorten(value);
        shown.Should().Be(new string('u', DataIssue.MaxValueChars) + "... (1048576 characters)");
        new DataIssue(3, "unit", value, "has no row for scenario 2").Format("pnl.csv")
            .Should().Be("pnl.csv:3: unit = " + shown + " has no row for scenario 2");
        DataIssue.Shorten("short").Should().Be("short");
    }

    [Fact]
    public void Shorten_SurrogatePairAtTheCut_NotSplit()
    {
        string value = new string('a', DataIssue.MaxValueChars - 1) + "\U0001F600" + new string('b', 10);
        DataIssue.Shorten(value).Should().StartWith(new string('a', DataIssue.MaxValueChars - 1) + "...");
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)',', (byte)'s', (byte)'e', (byte)'g', 0xFF, (byte)',', (byte)'1' }, 1)]
    [InlineData(new byte[] { (byte)'a', (byte)',', (byte)'"', (byte)'s', 0xFE, (byte)'"', (byte)',', (byte)'1' }, 1)]
    [InlineData(new byte[] { (byte)'a', (byte)',', (byte)'s', 0xEF, 0xBF, 0xBD, (byte)',', (byte)'1' }, -1)] // U+FFFD itself is valid
    [InlineData(new byte[] { 0xC3, (byte)',', 0xA9 }, 0)] // a sequence cut by the comma: both halves invalid
    public void Split_InvalidUtf8_FirstBadFieldAndError(byte[] record, int expected)
    {
        var splitter = new CsvRecordSplitter();
        splitter.Split(record, 0, record.Length);
        splitter.InvalidUtf8Field.Should().Be(expected);
        (splitter.Error is not null).Should().Be(expected >= 0);
    }

    [Fact]
    public void Split_InvalidByteInALaterBlockOfALongRecord_Found()
    {
        // 100 bytes of ASCII before the bad byte: found by the 32-byte blocks' mask, not only the scalar tail.
        var record = Encoding.ASCII.GetBytes(new string('x', 100) + ",y,z").ToList();
        record.Insert(50, 0xFF);
        var data = record.Concat(new byte[64]).ToArray(); // room after the record, as in a chunk
        var splitter = new CsvRecordSplitter();
        splitter.Split(data, 0, record.Count);
        splitter.InvalidUtf8Field.Should().Be(0);
        splitter.Count.Should().Be(3);
    }

    [Fact]
    public void Describe_InvalidBytes_ShownAsHexEscapes() =>
        CsvText.Describe([(byte)'s', (byte)'e', (byte)'g', 0xFF]).Should().Be("seg\\xff");
}
