using System.Text.RegularExpressions;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Performance;

/// <summary>scorecard takes the tax rate, capital rate and hurdle of the results' manifest.json only within the ranges a valuation accepts (issue 17, item 17).</summary>
public class ScorecardManifestTests
{
    private const string Book = "loan_id,segment,branch,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n" +
        "A1,corporate,north,corporate,1000000,0.01,0.45,3,0.06,0.03,2000,5000\n";

    private static string Results(TempFolder temp, string key, string value)
    {
        CliRunner.Run("raroc", "--book", temp.File("book.csv", Book), "--keep", "branch", "--out", temp.Combine("r")).Code.Should().Be(0);
        string manifest = temp.Combine("r", "manifest.json");
        string json = File.ReadAllText(manifest);
        string edited = Regex.Replace(json, "\"" + key + "\": [^,\\n]+", "\"" + key + "\": " + value);
        edited.Should().NotBe(json);
        File.WriteAllText(manifest, edited);
        return temp.Combine("r");
    }

    [Theory]
    [InlineData("tax", "5", "parameters.tax = 5 is outside [0, 1)")] // ProfitabilityParameters.TaxRate: [0, 1)
    [InlineData("tax", "1", "parameters.tax = 1 is outside [0, 1)")] // 1 itself is out: (1 - t) divides
    [InlineData("capital_rate", "-7", "parameters.capital_rate = -7 is outside [-1, 1]")]
    [InlineData("hurdle", "11", "parameters.hurdle = 11 is outside [-1, 10]")]
    public void Scorecard_ManifestParameterOutOfRange_Exit3(string key, string value, string expected)
    {
        using var temp = new TempFolder();
        string results = Results(temp, key, value);
        var (code, _, error) = CliRunner.Run("scorecard", "--results", results, "--by", "branch", "--out", temp.Combine("s"));
        code.Should().Be(3, error);
        error.Should().Contain("manifest.json: " + expected);
        File.Exists(temp.Combine("s", "scorecard_by_branch.csv")).Should().BeFalse();
    }

    [Fact]
    public void Scorecard_ManifestTaxReplacedByOption_Runs()
    {
        // The manifest's value is checked only where the run uses it: --tax replaces it.
        using var temp = new TempFolder();
        string results = Results(temp, "tax", "5");
        var (code, _, error) = CliRunner.Run("scorecard", "--results", results, "--by", "branch", "--tax", "0.25", "--out", temp.Combine("s"));
        code.Should().Be(0, error);
    }
}
