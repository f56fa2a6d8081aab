using ValueCore.IO;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Tests.Cli;

public class ScenarioCommandTests
{
    private const string Scenarios = """
        scenarios:
          - name: identity
            weight: 0.25
            shocks:
              - pd: { multiply: 1 }
              - lgd: { add: 0 }
          - name: adverse
            weight: 0.25
            shocks:
              - where: { segment: [mid_market, business_banking], asset_class: [sme, corporate] }
                pd: { multiply: 1.5 }
              - lgd: { add: 0.10 }
              - rate: { shift_bp: 200 }
          - name: recession
            weight: 0.2
            shocks:
              - pd: { z: -1.5 }
        """;

    [Fact]
    public void Scenario_SampleBook_WritesEveryOutputAndIdentityEqualsBaselineByteForByte()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        using (var s = File.Create(book))
        {
            SampleLoanBook.Write(s, 3_000, 5);
        }

        string file = tmp.File("scenarios.yaml", Scenarios);
        string outDir = tmp.Combine("out");
        var (code, output, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", outDir, "--by", "segment", "--by", "asset_class", "--keep", "customer_id");
        code.Should().Be(0, error);
        output.Should().Contain("3,000 loans").And.Contain("recession").And.Contain("weighted");
        foreach (var f in new[] { "comparison.csv", "comparison_by_asset_class.csv", "weighted.csv", "weighted_by_asset_class.csv", "shocks.csv", "manifest.json" })
        {
            File.Exists(Path.Combine(outDir, f)).Should().BeTrue(f);
        }

        foreach (var name in new[] { "loans.csv", "by_segment.csv", "by_asset_class.csv" })
        {
            File.ReadAllBytes(Path.Combine(outDir, "identity", name)).Should().Equal(File.ReadAllBytes(Path.Combine(outDir, "baseline", name)), name);
            File.Exists(Path.Combine(outDir, "adverse", name)).Should().BeTrue();
        }

        Directory.GetFiles(outDir, "*.tmp-*", SearchOption.AllDirectories).Should().BeEmpty();

        // The baseline is the single run, byte for byte.
        var (rc, _, rerr) = CliRunner.Run("raroc", "--book", book, "--out", tmp.Combine("raroc"), "--by", "segment", "--by", "asset_class", "--keep", "customer_id");
        rc.Should().Be(0, rerr);
        foreach (var name in new[] { "loans.csv", "by_segment.csv", "by_asset_class.csv" })
        {
            File.ReadAllBytes(Path.Combine(outDir, "baseline", name)).Should().Equal(File.ReadAllBytes(tmp.Combine("raroc", name)), name);
        }

        var comparison = File.ReadAllLines(Path.Combine(outDir, "comparison.csv"));
        comparison[0].Should().Be("scenario,level,segment,figure,baseline,value,change,relative_change");
        comparison.Where(l => l.StartsWith("identity,", StringComparison.Ordinal)).Should().OnlyContain(l => l.Split(',')[6] == "0" || l.Split(',')[6] == "");
        comparison.Should().Contain(l => l.StartsWith("adverse,portfolio,,ec,", StringComparison.Ordinal));
        File.ReadAllLines(Path.Combine(outDir, "shocks.csv")).Should().Contain(l => l.StartsWith("adverse,1,pd,multiply,1.5,,", StringComparison.Ordinal));
    }

    [Fact]
    public void Scenario_OneOrTwoThreads_ByteIdenticalOutputs()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        using (var s = File.Create(book))
        {
            SampleLoanBook.Write(s, 20_000, 9);
        }

        string file = tmp.File("scenarios.yaml", Scenarios);
        foreach (var threads in new[] { "1", "2" })
        {
            var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", tmp.Combine("t" + threads), "--threads", threads, "--by", "segment,product");
            code.Should().Be(0, error);
        }

        var files = Directory.GetFiles(tmp.Combine("t1"), "*.csv", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(tmp.Combine("t1"), f)).ToList();
        files.Should().HaveCount(4 * 2 + 3);
        foreach (var f in files)
        {
            File.ReadAllBytes(tmp.Combine("t2", f)).Should().Equal(File.ReadAllBytes(tmp.Combine("t1", f)), f);
        }
    }

    [Fact]
    public void Scenario_GermanCulture_SameBytes()
    {
        using var tmp = new TempFolder();
        string book = tmp.Combine("book.csv");
        using (var s = File.Create(book))
        {
            SampleLoanBook.Write(s, 500, 3);
        }

        string file = tmp.File("scenarios.yaml", Scenarios);
        var culture = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            foreach (var name in new[] { "en-US", "de-DE" })
            {
                System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo(name);
                var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", tmp.Combine(name));
                code.Should().Be(0, error);
            }
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = culture;
        }

        foreach (var f in new[] { "comparison.csv", "weighted.csv", "shocks.csv", "adverse/loans.csv", "recession/by_segment.csv" })
        {
            File.ReadAllBytes(tmp.Combine("de-DE", f)).Should().Equal(File.ReadAllBytes(tmp.Combine("en-US", f)), f);
        }
    }

    [Fact]
    public void Scenario_ErrorInScenarioFile_ExitCode3WithTheLine()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity\nA1,cre,corporate,1000,0.01,0.45,0.05,0.03,2.5\n");
        string file = tmp.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - where: { region: north }\n        pd: { multiply: 2 }\n");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", tmp.Combine("out"));
        code.Should().Be(3);
        error.Should().Contain("s.yaml:4: where = region is not a column of the loan book");
        Directory.Exists(tmp.Combine("out")).Should().BeFalse("nothing is written for an invalid scenario file");
    }

    [Fact]
    public void Scenario_ProvisionWithoutMatrix_UsageError()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity\nA1,cre,corporate,1000,0.01,0.45,0.05,0.03,2.5\n");
        string file = tmp.File("s.yaml", "scenarios:\n  - name: a\n");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", tmp.Combine("out"), "--measures", "raroc,provision");
        code.Should().Be(2);
        error.Should().Contain("--measures provision needs --matrix FILE");
        Directory.Exists(tmp.Combine("out")).Should().BeFalse();
    }

    [Fact]
    public void Scenario_CapitalMeasure_AddsMonteCarloFiguresToTheComparison()
    {
        using var tmp = new TempFolder();
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,rate,ftp_rate,maturity\nA1,cre,corporate,1000,0.01,0.45,0.05,0.03,2.5\nA2,sme,sme,500,0.02,0.4,0.06,0.03,3\n");
        string file = tmp.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - pd: { multiply: 2 }\n");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", file, "--out", tmp.Combine("out"),
            "--measures", "raroc,capital", "--mc-scenarios", "2000", "--seed", "3");
        code.Should().Be(0, error);
        var lines = File.ReadAllLines(tmp.Combine("out", "comparison.csv"));
        lines.Should().Contain(l => l.StartsWith("a,portfolio,,mc_ec,", StringComparison.Ordinal) || l.Contains(",mc_ec,", StringComparison.Ordinal));
        lines.Should().Contain(l => l.Contains(",mc_es_contribution,", StringComparison.Ordinal));

        // The measure's own files: DIR/<scenario>/capital/ with the per-loan figures and their group sums (as in the comparison).
        foreach (var scenario in new[] { "baseline", "a" })
        {
            var loans = File.ReadAllLines(tmp.Combine("out", scenario, "capital", "loans.csv"));
            loans[0].Should().Be("loan_id,mc_ec,mc_es_contribution");
            loans.Should().HaveCount(3);
            var groups = File.ReadAllLines(tmp.Combine("out", scenario, "capital", "by_segment.csv"));
            groups[0].Should().Be("segment,loans,mc_ec,mc_es_contribution");
            groups.Should().HaveCount(3);
            string cre = loans[1].Split(',')[1];
            groups[1].Should().StartWith("cre,1," + cre + ",");
        }

        File.ReadAllLines(tmp.Combine("out", "a", "loans.csv"))[0].Should().Be(string.Join(',', ["loan_id", .. RarocResultWriter.LoanFileColumns]));
    }
}
