namespace ValueCore.Tests.Cli;

/// <summary>A scenario's shock that pushes a loan out of range is reported at the book's file and line (issue 17, item 19).</summary>
public class ScenarioShockLineTests
{
    [Fact]
    public void Scenario_EadShockOverflows_ReportedAtTheBooksLine()
    {
        using var tmp = new TempFolder();
        // After a blank line, line 4 holds the second loan, whose EAD x 1e300 exceeds the largest double (about 1.8e308): Infinity.
        // Scenario.Apply numbers it 2 (the second loan in memory); the message must give the file's line.
        string book = tmp.File("book.csv", "loan_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n" +
            "L1,s,corporate,1000,0.01,0.4,2.5,0.05,0.03,0,0\n" +
            "\n" +
            "L2,s,corporate,1e12,0.01,0.4,2.5,0.05,0.03,0,0\n");
        string scenarios = tmp.File("s.yaml", "scenarios:\n  - name: a\n    shocks:\n      - ead: { multiply: 1e300 }\n");
        var (code, _, error) = CliRunner.Run("scenario", "--book", book, "--scenarios", scenarios, "--out", tmp.Combine("out"));
        code.Should().Be(3, error);
        error.Should().Contain("book.csv:4: ead = ").And.Contain("scenario a").And.NotContain("scenario a:");
    }
}
