using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Capital.MonteCarlo;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Capital.MonteCarlo;

/// <summary>
/// Issue 17 items 3 and 18: <c>capital</c> on a header-only book, with 1 to 5 scenarios, at a confidence where VaR = 0,
/// and importance sampling at a confidence far in the tail: exit 0, valid JSON without a NaN token, standard errors
/// never negative.
/// </summary>
public sealed class CapitalDegenerateCaseTests : IDisposable
{
    private const string Header = "loan_id,customer_id,segment,asset_class,ead,pd,lgd,maturity,rate,ftp_rate,fees,opex\n";
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs capital, checks exit 0, that no output holds NaN or Infinity, and returns summary.json parsed.</summary>
    private JsonElement RunCapital(string book, params string[] extra)
    {
        string outDir = _dir.Combine("o" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = CliRunner.Run(["capital", "--book", book, "--out", outDir, .. extra]);
        code.Should().Be(0, output + error);
        foreach (var file in Directory.GetFiles(outDir))
        {
            string text = File.ReadAllText(file);
            text.Should().NotContain("NaN", file).And.NotContain("Infinity", file).And.NotContain("∞", file);
            if (file.EndsWith(".json", StringComparison.Ordinal))
            {
                using var _ = JsonDocument.Parse(text); // valid JSON (a raw NaN token would throw)
            }
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json")));
        return summary.RootElement.Clone();
    }

    private string Book(int loans)
    {
        var rows = Enumerable.Range(0, loans).Select(i => $"L{i},C{i},s,corporate,{100 + i},0.02,0.45,2.5,0.05,0.03,0,0");
        return _dir.File("book.csv", Header + string.Join("\n", rows) + (loans > 0 ? "\n" : ""));
    }

    [Fact]
    public void Capital_HeaderOnlyBook_ExitsZeroWithZeroFiguresAndNullRatios()
    {
        // No loan: every loss is 0 (the limit case), and a RAROC over zero capital is not defined (JSON null).
        var root = RunCapital(Book(0), "--mc-scenarios", "100");
        root.GetProperty("loans").GetInt64().Should().Be(0);
        foreach (var key in new[] { "el", "var", "es", "ec", "var_se", "es_se", "sd" })
        {
            root.GetProperty(key).GetDouble().Should().Be(0.0, key);
        }

        root.GetProperty("diversified_raroc").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Capital_OneToFiveScenarios_ExitsZeroWithValidJson(int scenarios)
    {
        var root = RunCapital(Book(20), "--mc-scenarios", scenarios.ToString(System.Globalization.CultureInfo.InvariantCulture));
        root.GetProperty("scenarios").GetInt64().Should().Be(scenarios);
        foreach (var key in new[] { "var_se", "es_se", "ec_se", "el_simulated_se" })
        {
            root.GetProperty(key).GetDouble().Should().BeGreaterThanOrEqualTo(0.0, key);
        }

        if (scenarios == 1)
        {
            // One scenario: the sample mean, quantile and tail mean are all that scenario's loss.
            double loss = root.GetProperty("el_simulated").GetDouble();
            root.GetProperty("var").GetDouble().Should().Be(loss);
            root.GetProperty("es").GetDouble().Should().Be(loss);
        }
    }

    [Fact]
    public void Capital_ConfidenceWhereVarIsZero_ExitsZeroWithNegativeEcAndNullRaroc()
    {
        // One loan with PD 1%: P(L = 0) = 0.99 >= 0.9, so VaR_0.9 = 0 exactly and EC = VaR - EL = -EL < 0; the RAROC
        // over it is not defined (JSON null).
        string book = _dir.File("one.csv", Header + "L1,C1,s,corporate,1000,0.01,0.45,2.5,0.05,0.03,0,0\n");
        var root = RunCapital(book, "--mc-scenarios", "2000", "--confidence", "0.9");
        root.GetProperty("var").GetDouble().Should().Be(0.0);
        root.GetProperty("ec").GetDouble().Should().Be(-root.GetProperty("el").GetDouble());
        root.GetProperty("diversified_raroc").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public void Run_ImportanceSamplingFarInTheTail_VarOnTheTopAtomWithZeroStandardError()
    {
        // Two obligors losing 100 and 200 with PD 0.1%: the largest loss, 300, has probability P(both default) >=
        // PD^2 = 1e-6 (asset correlation is positive) > 1 - q = 1e-8, so VaR_q = ES_q = 300 exactly and the quantile
        // function is flat at 300 on [1 - P(L = 300), 1]: the quantile spread over [q - sigma, q + sigma] is 0 while sigma
        // (the SE of the estimated tail probability) stays below that probability. Issue 17 item 18: the SE levels
        // were clamped to [0.5/S, 1 - 0.5/S], which put the upper level below the lower one here (Q(1 - 0.5/S) = 200),
        // so var_se and ec_se came out as (200 - 300) / 2 = -50.
        const double q = 0.99999999;
        var exposures = CreditExposures.Create(["a", "b"], ["A", "B"], ["s", "s"], [AssetClass.Corporate, AssetClass.Corporate],
            [100.0, 200.0], [0.001, 0.001], [1.0, 1.0], [IrbFormula.NoSales, IrbFormula.NoSales]);
        var result = PortfolioMonteCarlo.Run(exposures, new MonteCarloOptions { Scenarios = 10_000, Confidence = q, Seed = 7, ImportanceSampling = true });
        result.Var.Should().Be(300.0);
        result.Es.Should().Be(300.0);
        result.VarSe.Should().Be(0.0);
        result.EcSe.Should().Be(0.0);
        result.EsSe.Should().Be(0.0);
    }
}
