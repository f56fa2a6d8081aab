using ValueCore.IO;
using ValueCore.Tests.Cli;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Scenarios;

/// <summary>A scenarios file is bounded in depth and size and rejected at once beyond (issue 17, item 5).</summary>
public class ScenarioFileLimitsTests
{
    private const string Book = "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\nL1,s,corporate,1000,0.01,0.4,2.5,0.05,0.03,0,0\n";

    [Fact]
    public void Scenario_SeventyThousandOpenBrackets_Exit3WithoutStackOverflow()
    {
        // 70,000 nested flow lists (140 KB) once overflowed the stack in YamlDotNet's document model, which ends the
        // test process; reaching the assertions at all shows it no longer does.
        using var tmp = new TempFolder();
        string file = tmp.File("deep.yaml", new string('[', 70_000));
        var (code, _, error) = CliRunner.Run("scenario", "--book", tmp.File("book.csv", Book), "--scenarios", file, "--out", tmp.Combine("out"));
        code.Should().Be(3, error);
        error.Should().Contain("deep.yaml:1: nests lists and mappings more than 32 deep");
        Directory.Exists(tmp.Combine("out")).Should().BeFalse();
    }

    [Theory]
    [InlineData(32, false)]
    [InlineData(33, true)]
    public void Parse_NestingAtTheLimit_AcceptedByTheDepthCheck(int depth, bool rejected)
    {
        // Depth counts lists and mappings: the root mapping is 1, so 'scenarios: [[...]]' with depth - 1 lists is depth deep.
        string text = "scenarios: " + new string('[', depth - 1) + new string(']', depth - 1) + "\n";
        var issues = FluentActions.Invoking(() => ScenarioFile.Parse(text, "s.yaml")).Should().Throw<DataValidationException>().Which.Issues;
        issues.Any(i => i.Rule.StartsWith("nests lists and mappings", StringComparison.Ordinal)).Should().Be(rejected);
    }

    [Fact]
    public void Parse_DeepBlockSequences_Rejected()
    {
        // Block style nests too ("- - - ..." on one line): the same limit applies to every YAML form.
        string text = "scenarios:\n  " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "x\n";
        FluentActions.Invoking(() => ScenarioFile.Parse(text, "s.yaml")).Should().Throw<DataValidationException>()
            .Which.Issues.Single().Should().Match<DataIssue>(i => i.Line == 2 && i.Rule.Contains("more than 32 deep"));
    }

    [Fact]
    public void Read_FileOverOneMebibyte_RejectedUnread()
    {
        using var tmp = new TempFolder();
        // A valid file padded with a comment to 1 MiB + 1 byte: the size alone rejects it.
        string head = "scenarios:\n  - name: a\n    shocks:\n      - pd: { multiply: 1 }\n#";
        string file = tmp.File("big.yaml", head + new string('x', (1 << 20) + 1 - head.Length));
        new FileInfo(file).Length.Should().Be((1 << 20) + 1);
        FluentActions.Invoking(() => ScenarioFile.Read(file)).Should().Throw<DataValidationException>()
            .Which.Issues.Single().Format("big.yaml").Should().Be("big.yaml: is 1048577 bytes, more than the 1048576 allowed for a scenarios file (docs/scenarios.md); the file was not read");
        string atLimit = tmp.File("limit.yaml", head + new string('x', (1 << 20) - head.Length));
        ScenarioFile.Read(atLimit).Scenarios.Should().ContainSingle();
    }

    [Fact]
    public void Read_InvalidUtf8InAFilterValue_RejectedWithItsLine()
    {
        // The UTF-8 rule (issue 17 item 13): `seg\xff` must not be decoded as U+FFFD and match another segment.
        using var tmp = new TempFolder();
        string file = tmp.Combine("s.yaml");
        byte[] head = "scenarios:\n  - name: a\n    shocks:\n      - where: { segment: seg"u8.ToArray();
        byte[] tail = " }\n        pd: { multiply: 2 }\n"u8.ToArray();
        File.WriteAllBytes(file, [.. head, 0xFF, .. tail]);
        FluentActions.Invoking(() => ScenarioFile.Read(file)).Should().Throw<DataValidationException>()
            .Which.Issues.Should().ContainSingle(i => i.Line == 4 && i.Rule.Contains("UTF-8"));
    }
}
