using System.Globalization;
using System.Text.Json;
using ValueCore.Cli;

namespace ValueCore.Tests.Risk;

public sealed class RiskCommandTests : IDisposable
{
    private const double Exact = 1e-12;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-risk-" + Guid.NewGuid().ToString("N"));

    public RiskCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        int code = CommandLine.Run(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }

    private string Out(string name) => Path.Combine(_dir, name);

    private const string Pnl = "scenario,unit,pnl\n1,A,-10\n1,B,-1\n2,A,0\n2,B,-8\n3,A,5\n3,B,3\n4,A,-2\n4,B,1\n";

    [Fact]
    public void MarketRisk_HandExample_WritesVarEsAndContributions()
    {
        string pnl = File("pnl.csv", Pnl);
        var (code, _, err) = Run("market-risk", "--pnl", pnl, "--confidence", "0.5", "--out", Out("m"));
        code.Should().Be(0, err);

        // See MarketRiskTests.Compute_TwoUnitsByHand_MatchesHandValues.
        System.IO.File.ReadAllText(Out("m/market_risk.csv")).Should().Be("unit,var,es,es_contribution\nA,0,6,5\nB,-1,4.5,4.5\n");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("m/market_risk.json")));
        json.RootElement.GetProperty("bank_es").GetDouble().Should().BeApproximately(9.5, Exact);
        json.RootElement.GetProperty("bank_var").GetDouble().Should().BeApproximately(1.0, Exact);
        System.IO.File.Exists(Out("m/tail_sensitivity.csv")).Should().BeTrue();
        System.IO.File.Exists(Out("m/manifest.json")).Should().BeTrue();
    }

    [Fact]
    public void MarketRisk_MissingAndDuplicateRows_Exit3NamingEveryProblem()
    {
        string pnl = File("pnl.csv", "scenario,unit,pnl\n1,A,-10\n1,B,-1\n2,A,0\n3,A,5\n3,B,3\n3,B,4\n4,A,x\n");
        var (code, _, err) = Run("market-risk", "--pnl", pnl, "--out", Out("m"));
        code.Should().Be(3);
        err.Should().Contain("pnl.csv:8: pnl = x is not a finite number");
        err.Should().Contain("pnl.csv:7: unit = B has a second row for scenario 3 (first on line 6)");
        err.Should().Contain("pnl.csv:4: unit = B has no row for scenario 2");
        Directory.Exists(Out("m")).Should().BeFalse();
    }

    [Fact]
    public void MarketRisk_BadOption_IsUsageError()
    {
        string pnl = File("pnl.csv", Pnl);
        Run("market-risk", "--pnl", pnl, "--confidence", "1.5", "--out", Out("m")).Code.Should().Be(2);
        Run("market-risk", "--pnl", pnl, "--pnl-days", "1", "--out", Out("m")).Code.Should().Be(2);
    }

    [Fact]
    public void OpRisk_Components_WritesCapitalByBiShare()
    {
        // BI 2.2bn + 1.0bn: BIC 0.45bn; ILM 1 without losses; shares 0.6875 and 0.3125.
        string bi = File("bi.csv", "unit,ildc,sc,fc\nU1,1.5e9,0.5e9,0.2e9\nU2,0.6e9,0.3e9,0.1e9\n");
        var (code, stdout, err) = Run("op-risk", "--bi", bi, "--out", Out("o"));
        code.Should().Be(0, err);
        stdout.Should().Contain("bucket 2");
        System.IO.File.ReadAllText(Out("o/op_risk.csv")).Should().Be("unit,bi,bic_share,capital\nU1,2200000000,0.6875,309375000\nU2,1000000000,0.3125,140625000\n");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("o/op_risk.json")));
        json.RootElement.GetProperty("ilm_basis").GetString().Should().Be("no losses");
        json.RootElement.GetProperty("bic").GetDouble().Should().BeApproximately(0.45e9, 1e-3);
    }

    [Fact]
    public void OpRisk_ItemsAndLosses_UsesTheIlmFormula()
    {
        string header = "unit,year,interest_income,interest_expense,interest_earning_assets,dividend_income,fee_income,fee_expense,other_operating_income,other_operating_expense,trading_book_pnl,banking_book_pnl\n";
        string rows = string.Concat(Enumerable.Range(2023, 3).Select(y => $"U1,{y},3e9,1e9,100e9,0,1.2e9,0,0,0,0,0\n"));
        string bi = File("items.csv", header + rows);

        // BI = |3 - 1| bn (cap 2.25bn) + 1.2bn = 3.2bn, BIC = 0.45bn; a 30m loss a year for ten years: LC = 450m = BIC, ILM = 1.
        string losses = File("losses.csv", "year,loss\n" + string.Concat(Enumerable.Range(2016, 10).Select(y => $"{y},30000000\n")) + "2020,19999\n");
        var (code, stdout, err) = Run("op-risk", "--bi", bi, "--losses", losses, "--out", Out("o"));
        code.Should().Be(0, err);
        stdout.Should().Contain("1 below the threshold");
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("o/op_risk.json")));
        json.RootElement.GetProperty("ilm").GetDouble().Should().BeApproximately(1.0, Exact);
        json.RootElement.GetProperty("ilm_basis").GetString().Should().Be("formula");
        json.RootElement.GetProperty("bi_input").GetString().Should().Be("items");
    }

    [Fact]
    public void OpRisk_NegativeComponentAndMissingYear_Exit3()
    {
        string bi = File("bi.csv", "unit,ildc,sc,fc\nU1,-5,1,1\nU2,1,1,oops\n");
        var (code, _, err) = Run("op-risk", "--bi", bi, "--out", Out("o"));
        code.Should().Be(3);
        err.Should().Contain("bi.csv:2: ildc = -5 is negative");
        err.Should().Contain("bi.csv:3: fc = oops is not a finite number");

        string header = "unit,year,interest_income,interest_expense,interest_earning_assets,dividend_income,fee_income,fee_expense,other_operating_income,other_operating_expense,trading_book_pnl,banking_book_pnl\n";
        string items = File("items.csv", header + "U1,2024,1,1,1,0,0,0,0,0,0,0\nU1,2025,1,1,1,0,0,0,0,0,0,0\n");
        var second = Run("op-risk", "--bi", items, "--out", Out("o"));
        second.Code.Should().Be(3);
        second.Err.Should().Contain("items.csv:2: unit = U1 has no row for year 2023");
    }

    private const string Capital = "unit,risk_type,ec\nRetail,credit,1\nRetail,market,4\nCorp,credit,2\n";

    [Fact]
    public void Aggregate_TypeMatrix_WritesTotalsAndContributionsSummingToTotal()
    {
        string capital = File("capital.csv", Capital);
        string corr = File("correlation.csv", "risk_type,credit,market\ncredit,1,0.5\nmarket,0.5,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("a"));
        code.Should().Be(0, err);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/aggregate.json")));
        double total = json.RootElement.GetProperty("total_ec").GetDouble();
        total.Should().BeApproximately(Math.Sqrt(37), Exact);
        json.RootElement.GetProperty("standalone_sum").GetDouble().Should().Be(7);
        json.RootElement.GetProperty("diversification_benefit").GetDouble().Should().BeApproximately(7 - Math.Sqrt(37), Exact);
        json.RootElement.GetProperty("by_risk_type").GetArrayLength().Should().Be(2);

        var lines = System.IO.File.ReadAllLines(Out("a/contributions.csv"));
        lines[0].Should().Be("unit,risk_type,standalone_ec,contribution");
        lines.Should().HaveCount(5); // Corp has no market row: written with 0
        lines.Skip(1).Sum(l => double.Parse(l.Split(',')[3], CultureInfo.InvariantCulture)).Should().BeApproximately(total, Exact);
    }

    [Fact]
    public void Aggregate_RiskTypeInOneFileOnly_Exit3NamingBothFiles()
    {
        string capital = File("capital.csv", Capital + "Corp,operational,3\n");
        string corr = File("correlation.csv", "risk_type,credit,market,business\ncredit,1,0,0\nmarket,0,1,0\nbusiness,0,0,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("capital.csv:5: risk_type = operational is not in correlation.csv");
        err.Should().Contain("correlation.csv:4: risk_type = business is not in capital.csv");
        Directory.Exists(Out("a")).Should().BeFalse();
    }

    [Fact]
    public void Aggregate_NotPositiveSemiDefinite_Exit3WithEigenvalueUnlessRepaired()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nU,a,1\nU,b,1\nU,c,1\n");
        string corr = File("correlation.csv", "risk_type,a,b,c\na,1,0.9,-0.9\nb,0.9,1,0.9\nc,-0.9,0.9,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("correlation.csv:1: the matrix is not positive semi-definite: smallest eigenvalue -0.8");

        var repaired = Run("aggregate", "--capital", capital, "--correlation", corr, "--repair", "--out", Out("r"));
        repaired.Code.Should().Be(0, repaired.Err);
        repaired.Out.Should().Contain("correlation repaired");
        System.IO.File.Exists(Out("r/correlation_repaired.csv")).Should().BeTrue();
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("r/aggregate.json")));
        var repair = json.RootElement.GetProperty("correlation_repair");
        repair.GetProperty("frobenius_distance").GetDouble().Should().BeGreaterThan(0);
        repair.GetProperty("original_smallest_eigenvalue").GetDouble().Should().BeApproximately(-0.8, 1e-12);
    }

    [Fact]
    public void Aggregate_ElementRules_Exit3WithLineColumnAndValue()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nU,a,1\nU,b,1\n");
        string corr = File("correlation.csv", "risk_type,a,b\na,1,0.3\nb,0.4,0.9\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("correlation.csv:2: b = 0.3 differs from the element [2, 1] = 0.4 (not symmetric)");
        err.Should().Contain("correlation.csv:3: b = 0.9 is on the diagonal and is not 1");
    }

    [Fact]
    public void Aggregate_Results_WritesRarocOnStandaloneAndDiversifiedCapital()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nA,credit,10\nB,credit,10\nA,market,10\n");
        string corr = File("correlation.csv", "risk_type,credit,market\ncredit,1,1\nmarket,1,1\n");
        string results = File("results.csv", "unit,return,ec\nA,4,10\nB,1,10\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--results", results, "--hurdle", "0.1", "--out", Out("a"));
        code.Should().Be(0, err);

        // Perfect correlation: diversified = standalone, so both RAROCs agree: A 4/20, B 1/10.
        var lines = System.IO.File.ReadAllLines(Out("a/raroc.csv"));
        lines[0].Should().Be("unit,return,standalone_ec,diversified_ec,raroc_standalone,raroc_diversified,eva_standalone,eva_diversified");
        lines[1].Should().StartWith("A,4,20,20,0.2,0.2,2,2");
        lines[2].Should().StartWith("B,1,10,10,0.1,0.1,0,0");
    }

    [Fact]
    public void Aggregate_CellMatrix_AggregatesOverUnitAndTypeCells()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nA,credit,3\nB,credit,4\n");
        string corr = File("correlation.csv", "unit:risk_type,A:credit,B:credit\nA:credit,1,0\nB:credit,0,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("a"));
        code.Should().Be(0, err);
        using var json = JsonDocument.Parse(System.IO.File.ReadAllText(Out("a/aggregate.json")));
        json.RootElement.GetProperty("total_ec").GetDouble().Should().BeApproximately(5.0, Exact);
        System.IO.File.ReadAllText(Out("a/contributions.csv")).Should().Be("unit,risk_type,standalone_ec,contribution\nA,credit,3,1.8\nB,credit,4,3.2\n");
    }

    [Fact]
    public void Aggregate_GermanCulture_WritesTheSameBytes()
    {
        string capital = File("capital.csv", Capital);
        string corr = File("correlation.csv", "risk_type,credit,market\ncredit,1,0.25\nmarket,0.25,1\n");
        Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("inv")).Code.Should().Be(0);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Run("aggregate", "--capital", capital, "--correlation", corr, "--out", Out("de")).Code.Should().Be(0);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        foreach (var f in new[] { "aggregate.json", "contributions.csv" })
        {
            System.IO.File.ReadAllBytes(Out("de/" + f)).Should().Equal(System.IO.File.ReadAllBytes(Out("inv/" + f)));
        }
    }

    [Fact]
    public void OpRisk_TooFewLossYearsAndBadOptions_Exit3Or2()
    {
        string bi = File("bi.csv", "unit,ildc,sc,fc\nU1,1.5e9,0.5e9,0.2e9\n");
        string losses = File("losses.csv", "year,loss\n2024,1e6\n2025,2e6\n");
        var (code, _, err) = Run("op-risk", "--bi", bi, "--losses", losses, "--out", Out("o"));
        code.Should().Be(3);
        err.Should().Contain("2 year(s)").And.Contain("at least 5");
        Directory.Exists(Out("o")).Should().BeFalse();

        Run("op-risk", "--bi", bi, "--allocation", "headcount", "--out", Out("o")).Code.Should().Be(2);
        Run("op-risk", "--bi", bi, "--loss-threshold", "5000", "--out", Out("o")).Code.Should().Be(2);
        Run("op-risk", "--bi", Out("missing.csv"), "--out", Out("o")).Code.Should().Be(2);
    }

    [Fact]
    public void OpRisk_NegativeLossAndGrossBelowNet_Exit3()
    {
        string bi = File("bi.csv", "unit,ildc,sc,fc\nU1,1.5e9,0.5e9,0.2e9\n");
        string losses = File("losses.csv", "year,loss,gross_loss\n2024,-1,5\n2025,30000,25000\n20x5,1,1\n");
        var (code, _, err) = Run("op-risk", "--bi", bi, "--losses", losses, "--out", Out("o"));
        code.Should().Be(3);
        err.Should().Contain("losses.csv:2: loss = -1 is negative");
        err.Should().Contain("losses.csv:3: gross_loss = 25000 is below the net loss");
        err.Should().Contain("losses.csv:4: year = 20x5 is not a year");
    }

    [Fact]
    public void Aggregate_CorrelationLayoutErrors_Exit3()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nU,a,1\nU,b,1\n");
        string swapped = File("swapped.csv", "risk_type,a,b\nb,0,1\na,1,0\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", swapped, "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("swapped.csv:2: risk_type = b must be 'a'");

        string shortFile = File("short.csv", "risk_type,a,b\na,1,0\n");
        var second = Run("aggregate", "--capital", capital, "--correlation", shortFile, "--out", Out("a"));
        second.Code.Should().Be(3);
        second.Err.Should().Contain("names 2 variables but the file has 1 rows");

        string asymmetric = File("asym.csv", "risk_type,a,b\na,1,0.3\nb,0.4,1\n");
        var third = Run("aggregate", "--capital", capital, "--correlation", asymmetric, "--repair", "--out", Out("a"));
        third.Code.Should().Be(3);
        third.Err.Should().Contain("cannot repair").And.Contain("not symmetric");
    }

    [Fact]
    public void Aggregate_ResultsForUnknownUnit_Exit3()
    {
        string capital = File("capital.csv", "unit,risk_type,ec\nA,credit,10\nB,credit,10\n");
        string corr = File("correlation.csv", "risk_type,credit\ncredit,1\n");
        string results = File("results.csv", "unit,return\nA,4\nC,1\n");
        var (code, _, err) = Run("aggregate", "--capital", capital, "--correlation", corr, "--results", results, "--out", Out("a"));
        code.Should().Be(3);
        err.Should().Contain("results.csv:3: unit = C is not in capital.csv");
        err.Should().Contain("unit B of capital.csv has no row");
        Run("aggregate", "--capital", capital, "--correlation", corr, "--hurdle", "0.1", "--out", Out("a")).Code.Should().Be(2);
    }
}
