using System.Text;
using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Cli;

/// <summary>params.json and map.json are read strictly (issue 17, items 1 and 17): bytes that are not UTF-8, repeated keys, a second object or trailing text are input errors (exit 3) naming the line, and every message shows the value given.</summary>
public class ParameterFilesTests
{
    private const string Book = "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\nL1,s,corporate,1000,0.01,0.4,2.5,0.05,0.03,0,0\n";

    // {"h\xffurdle": 0.1}: 0xFF never occurs in UTF-8 (RFC 3629, section 1), here in a key.
    private static readonly byte[] s_invalidKey = [.. "{\"h"u8, 0xFF, .. "urdle\": 0.1}"u8];

    private static string[] Command(string command, TempFolder tmp, string option, string file) => command switch
    {
        "raroc" => ["raroc", "--book", tmp.File("book.csv", Book), option, file, "--out", tmp.Combine("out")],
        "price" => ["price", "--book", tmp.File("book.csv", Book), option, file, "--out", tmp.Combine("out")],
        _ => ["scenario", "--book", tmp.File("book.csv", Book), "--scenarios", tmp.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - pd: { multiply: 1 }\n"), option, file, "--out", tmp.Combine("out")],
    };

    [Theory]
    [InlineData("raroc", "--params")]
    [InlineData("price", "--params")]
    [InlineData("scenario", "--params")]
    [InlineData("raroc", "--map")]
    [InlineData("scenario", "--map")]
    public void Run_JsonKeyNotUtf8_Exit3NamingLineAndByte(string command, string option)
    {
        using var tmp = new TempFolder();
        string file = tmp.Combine("p.json");
        File.WriteAllBytes(file, [.. "\n"u8, .. s_invalidKey]);
        var (code, _, error) = CliRunner.Run(Command(command, tmp, option, file));
        code.Should().Be(3, error);
        error.Should().Contain("p.json:2: is not valid UTF-8 (byte 0xFF at column 4)");
        Directory.Exists(tmp.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public void ReadValuationOptions_KeyGivenTwice_RejectedNamingBothLines()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", "{\n  \"hurdle\": 0.10,\n  \"tax\": 0.3,\n  \"hurdle\": 0.15\n}\n");
        var issue = FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>().Which.Issues.Single();
        issue.Format("params.json").Should().Be("params.json:4: hurdle = 0.15 is given twice (first on line 2); each key may appear once");
    }

    [Fact]
    public void ReadValuationOptions_SegmentGivenTwice_Rejected()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", "{ \"hurdle_by_segment\": {\n \"cards\": 0.15,\n \"cards\": 0.2 } }");
        var issue = FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>().Which.Issues.Single();
        issue.Line.Should().Be(3);
        issue.Column.Should().Be("hurdle_by_segment.cards");
        issue.Rule.Should().Contain("first on line 2");
    }

    [Theory]
    [InlineData("{ \"hurdle\": 0.1 }\n{ \"hurdle\": 0.2 }\n", 2)]
    [InlineData("{ \"hurdle\": 0.1 }\n\ngarbage\n", 3)]
    [InlineData("{ \"hurdle\": 0.1 } }", 1)]
    public void ReadValuationOptions_TextAfterTheObject_RejectedAtItsLine(string json, long line)
    {
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", json);
        var issue = FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>().Which.Issues.Single();
        issue.Line.Should().Be(line);
        issue.Rule.Should().StartWith("is not valid JSON");
    }

    [Fact]
    public void ReadColumnMap_SecondObject_Rejected()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("map.json", "{ \"ead\": \"EXPOSURE\" }\n{ \"pd\": \"PD\" }\n");
        FluentActions.Invoking(() => ParameterFiles.ReadColumnMap(file)).Should().Throw<DataValidationException>()
            .Which.Issues.Single().Line.Should().Be(2);
    }

    [Fact]
    public void ReadValuationOptions_TrailingCommentAndComma_StillRead()
    {
        // The reader's documented leniency (comments, trailing commas) stays: only a value after the object is refused.
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", "{ \"hurdle\": 0.1, \"tax\": 0.3, }\n// end\n");
        var options = ParameterFiles.ReadValuationOptions(file);
        options.Profitability.Hurdle.Should().Be(0.1);
        options.Profitability.TaxRate.Should().Be(0.3);
    }

    [Theory]
    [InlineData("\"hurdle\": \"abc\"", "hurdle = \"abc\" must be a number")]
    [InlineData("\"tax\": [0.3]", "tax = [...] must be a number")]
    [InlineData("\"pd_floor\": true", "pd_floor = true must be a number or null")]
    [InlineData("\"regime\": \"basel4\"", "regime = \"basel4\" must be \"basel2\" or \"basel3\"")]
    [InlineData("\"regime\": 2", "regime = 2 must be \"basel2\" or \"basel3\"")]
    [InlineData("\"hurdle\": 1e400", "hurdle = 1e400 is not a finite number")]
    [InlineData("\"tax\": 5", "tax = 5 is outside [0, 1)")]
    [InlineData("\"confidence\": 1.5", "confidence = 1.5 is outside")]
    [InlineData("\"hurlde\": 0.2", "hurlde = 0.2 is not a parameter")]
    [InlineData("\"hurdle_by_segment\": { \"cards\": \"x\" }", "hurdle_by_segment.cards = \"x\" must be a number")]
    [InlineData("\"hurdle_by_segment\": { \"cards\": 11 }", "hurdle_by_segment.cards = 11 is outside [-1, 10]")]
    public void ReadValuationOptions_BadValue_MessageShowsTheValueGiven(string entry, string expected)
    {
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", "{\n" + entry + "\n}\n");
        var issue = FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>().Which.Issues.Single();
        issue.Format("params.json").Should().StartWith("params.json:2: " + expected);
        issue.Format("params.json").Should().NotContain("(empty)").And.NotContain("(Parameter");
    }

    [Fact]
    public void ReadColumnMap_ValueNotAString_MessageShowsTheValueGiven()
    {
        using var tmp = new TempFolder();
        string file = tmp.File("map.json", "{ \"ead\": 17 }");
        FluentActions.Invoking(() => ParameterFiles.ReadColumnMap(file)).Should().Throw<DataValidationException>()
            .Which.Issues.Single().Format("map.json").Should().Be("map.json:1: ead = 17 must map to a header name (a string)");
    }

    [Fact]
    public void ReadValuationOptions_LongValue_ShownAsABoundedPrefix()
    {
        // Message rule (issue 17, item 8): at most 64 characters of a value, then the length.
        using var tmp = new TempFolder();
        string file = tmp.File("params.json", "{ \"regime\": \"" + new string('x', 10_000) + "\" }");
        var issue = FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>().Which.Issues.Single();
        issue.Value.Should().Be("\"" + new string('x', 63) + "... (10002 characters)");
    }

    [Fact]
    public void ReadValuationOptions_ValidUtf8Key_NotMistakenForInvalid()
    {
        // A multi-byte key (U+00E9, two bytes in UTF-8) is text, so it reaches the key check.
        using var tmp = new TempFolder();
        string file = tmp.Combine("params.json");
        File.WriteAllText(file, "{ \"h\u00e9\": 1 }", new UTF8Encoding(false));
        FluentActions.Invoking(() => ParameterFiles.ReadValuationOptions(file)).Should().Throw<DataValidationException>()
            .Which.Issues.Single().Rule.Should().StartWith("is not a parameter");
    }
}
