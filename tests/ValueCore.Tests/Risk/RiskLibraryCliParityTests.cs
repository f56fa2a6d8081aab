using System.Globalization;
using System.Text;
using System.Text.Json;
using ValueCore.Risk.Aggregation;
using ValueCore.Risk.Market;
using ValueCore.Risk.Operational;
using ValueCore.Tests.Cli;

namespace ValueCore.Tests.Risk;

/// <summary>
/// Market risk, operational risk and aggregation: inputs built in memory and passed to the library give exactly the
/// figures the CLI writes for the same inputs read from files (issue 16, "Done when").
/// </summary>
public sealed class RiskLibraryCliParityTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "vc-risk-parity-" + Guid.NewGuid().ToString("N"));

    public RiskLibraryCliParityTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private string[][] Csv(string file) =>
        [.. File.ReadAllLines(Path.Combine(_dir, file)).Skip(1).Select(l => l.Split(','))];

    private static void Cell(string cell, double? expected, string what)
    {
        if (expected is double e)
        {
            double.Parse(cell, CultureInfo.InvariantCulture).Should().Be(e, what);
        }
        else
        {
            cell.Should().BeEmpty(what);
        }
    }

    [Fact]
    public void MarketRisk_PnlInMemory_EqualsTheCliFigures()
    {
        var random = new Random(17);
        string[] units = ["credit_desk", "fx_desk", "rates_desk"];
        const int scenarios = 250;
        var pnl = new double[units.Length * scenarios];
        var text = new StringBuilder("scenario,unit,pnl\n");
        for (int s = 0; s < scenarios; s++)
        {
            double common = random.NextDouble() - 0.5;
            for (int u = 0; u < units.Length; u++)
            {
                double v = Math.Round(1_000 * (common + ((random.NextDouble() - 0.5) * (u + 1))), 2);
                pnl[(u * scenarios) + s] = v;
                text.Append(CultureInfo.InvariantCulture, $"s{s},{units[u]},{R(v)}\n");
            }
        }

        var (code, _, error) = CliRunner.Run("market-risk", "--pnl", Write("pnl.csv", text.ToString()), "--confidence", "0.975", "--horizon-days", "10",
            "--out", Path.Combine(_dir, "m"));
        code.Should().Be(0, error);
        var result = MarketRisk.Compute(PnlScenarios.Create(units, scenarios, pnl), new MarketRiskOptions { Confidence = 0.975, HorizonDays = 10 });

        var rows = Csv("m/market_risk.csv");
        rows.Should().HaveCount(units.Length);
        for (int u = 0; u < units.Length; u++)
        {
            rows[u][0].Should().Be(result.Units[u]);
            Cell(rows[u][1], result.ValueAtRisk[u], "var");
            Cell(rows[u][2], result.ExpectedShortfall[u], "es");
            Cell(rows[u][3], result.ExpectedShortfallContribution[u], "es_contribution");
        }

        var sensitivity = Csv("m/tail_sensitivity.csv");
        sensitivity.Should().HaveCount(result.Sensitivity.Count);
        for (int k = 0; k < sensitivity.Length; k++)
        {
            Cell(sensitivity[k][1], result.Sensitivity[k].Confidence, "confidence");
            Cell(sensitivity[k][2], result.Sensitivity[k].ValueAtRisk, "var");
            Cell(sensitivity[k][3], result.Sensitivity[k].ExpectedShortfall, "es");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "m/market_risk.json")));
        var root = json.RootElement;
        root.GetProperty("bank_var").GetDouble().Should().Be(result.BankValueAtRisk);
        root.GetProperty("bank_es").GetDouble().Should().Be(result.BankExpectedShortfall);
        root.GetProperty("scaling_factor").GetDouble().Should().Be(result.ScalingFactor);
        root.GetProperty("tail_scenarios").GetDouble().Should().Be(result.TailScenarios);
        root.GetProperty("tail_scenario_positions_worst_first").EnumerateArray().Select(e => e.GetInt32() - 1).Should().Equal(result.TailScenarioIndices);
    }

    [Fact]
    public void OperationalRisk_ComponentsAndLossesInMemory_EqualTheCliFigures()
    {
        string[] units = ["Corporate", "Markets", "Retail"];
        BusinessIndicatorComponents[] components = [new(1.2e9, 5e8, 1.5e8), new(3e8, 6e8, 9e8), new(9e8, 4e8, 5e7)];
        var random = new Random(23);
        var losses = new List<OperationalLoss>();
        var lossText = new StringBuilder("year,loss,gross_loss\n");
        for (int year = 2015; year <= 2024; year++)
        {
            for (int k = 0; k < 40; k++)
            {
                double net = Math.Round(30_000 * Math.Exp(2 * random.NextDouble()), 2);
                double gross = Math.Round(net * 1.1, 2);
                losses.Add(new OperationalLoss(year, net, gross));
                lossText.Append(CultureInfo.InvariantCulture, $"{year},{R(net)},{R(gross)}\n");
            }
        }

        var biText = new StringBuilder("unit,ildc,sc,fc\n");
        for (int u = 0; u < units.Length; u++)
        {
            biText.Append(CultureInfo.InvariantCulture, $"{units[u]},{R(components[u].Ildc)},{R(components[u].Sc)},{R(components[u].Fc)}\n");
        }

        var (code, _, error) = CliRunner.Run("op-risk", "--bi", Write("bi.csv", biText.ToString()), "--losses", Write("losses.csv", lossText.ToString()),
            "--eur-rate", "1.1", "--allocation", "standalone-bic", "--out", Path.Combine(_dir, "o"));
        code.Should().Be(0, error);
        var result = StandardisedApproach.Compute(units, components, losses.ToArray(),
            new OperationalRiskOptions { CurrencyPerEur = 1.1, Allocation = AllocationKey.StandaloneBic });

        var rows = Csv("o/op_risk.csv");
        rows.Should().HaveCount(units.Length);
        for (int u = 0; u < units.Length; u++)
        {
            rows[u][0].Should().Be(result.Units[u]);
            Cell(rows[u][1], result.UnitBusinessIndicator[u], "bi");
            Cell(rows[u][2], result.Share[u], "bic_share");
            Cell(rows[u][3], result.UnitCapital[u], "capital");
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "o/op_risk.json")));
        var root = json.RootElement;
        root.GetProperty("bi").GetDouble().Should().Be(result.BusinessIndicator);
        root.GetProperty("bic").GetDouble().Should().Be(result.BusinessIndicatorComponent);
        root.GetProperty("lc").GetDouble().Should().Be(result.LossComponent!.Value);
        root.GetProperty("ilm").GetDouble().Should().Be(result.InternalLossMultiplier);
        root.GetProperty("capital").GetDouble().Should().Be(result.Capital);
        root.GetProperty("rwa").GetDouble().Should().Be(result.RiskWeightedAssets);
        root.GetProperty("losses_used").GetInt32().Should().Be(result.LossesUsed);
    }

    private static readonly string[] s_units = ["Retail", "Corporate", "Markets"];
    private static readonly string[] s_types = ["credit", "market", "operational"];

    // EC per unit and type, unit-major; Markets has no credit row (a cell without capital).
    private static readonly double[] s_ec = [400.25, 20.5, 80, 600, 35.75, 90.125, 0, 310, 60.5];

    private string CapitalFile()
    {
        var text = new StringBuilder("unit,risk_type,ec\n");
        for (int u = 0; u < s_units.Length; u++)
        {
            for (int t = 0; t < s_types.Length; t++)
            {
                if (s_ec[(u * s_types.Length) + t] != 0)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{s_units[u]},{s_types[t]},{R(s_ec[(u * s_types.Length) + t])}\n");
                }
            }
        }

        return Write("capital.csv", text.ToString());
    }

    private string MatrixFile(string name, string labelColumn, IReadOnlyList<string> labels, double[] values)
    {
        var text = new StringBuilder(labelColumn + "," + string.Join(',', labels) + "\n");
        for (int i = 0; i < labels.Count; i++)
        {
            text.Append(labels[i]);
            for (int j = 0; j < labels.Count; j++)
            {
                text.Append(',').Append(R(values[(i * labels.Count) + j]));
            }

            text.Append('\n');
        }

        return Write(name, text.ToString());
    }

    private void AssertAggregation(string folder, AggregationResult result, UnitProfitability profitability)
    {
        var rows = Csv(folder + "/contributions.csv");
        rows.Should().HaveCount(s_units.Length * s_types.Length);
        for (int u = 0; u < s_units.Length; u++)
        {
            for (int t = 0; t < s_types.Length; t++)
            {
                var f = rows[(u * s_types.Length) + t];
                f[0].Should().Be(result.Units[u]);
                f[1].Should().Be(result.RiskTypes[t]);
                Cell(f[2], result.CellStandalone(u, t), "standalone_ec");
                Cell(f[3], result.CellContribution(u, t), "contribution");
            }
        }

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, folder, "aggregate.json")));
        var root = json.RootElement;
        root.GetProperty("total_ec").GetDouble().Should().Be(result.TotalEconomicCapital);
        root.GetProperty("standalone_sum").GetDouble().Should().Be(result.StandaloneSum);
        root.GetProperty("diversification_benefit").GetDouble().Should().Be(result.DiversificationBenefit);
        var byUnit = root.GetProperty("by_unit").EnumerateArray().ToArray();
        for (int u = 0; u < s_units.Length; u++)
        {
            byUnit[u].GetProperty("contribution").GetDouble().Should().Be(result.UnitContribution[u]);
        }

        var raroc = Csv(folder + "/raroc.csv");
        raroc.Should().HaveCount(s_units.Length);
        for (int u = 0; u < s_units.Length; u++)
        {
            raroc[u][0].Should().Be(profitability.Units[u]);
            Cell(raroc[u][1], profitability.Return[u], "return");
            Cell(raroc[u][2], profitability.StandaloneEc[u], "standalone_ec");
            Cell(raroc[u][3], profitability.DiversifiedEc[u], "diversified_ec");
            Cell(raroc[u][4], profitability.StandaloneRaroc[u], "raroc_standalone");
            Cell(raroc[u][5], profitability.DiversifiedRaroc[u], "raroc_diversified");
            Cell(raroc[u][6], profitability.StandaloneEva![u], "eva_standalone");
            Cell(raroc[u][7], profitability.DiversifiedEva![u], "eva_diversified");
        }
    }

    private static readonly double[] s_returns = [70.5, 80.25, -12];

    private string ReturnsFile() =>
        Write("returns.csv", "unit,return\n" + string.Concat(s_units.Select((u, i) => $"{u},{R(s_returns[i])}\n")));

    [Fact]
    public void Aggregate_TypeMatrixInMemory_EqualsTheCliFigures()
    {
        double[] c = [1, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1];
        var (code, _, error) = CliRunner.Run("aggregate", "--capital", CapitalFile(), "--correlation", MatrixFile("types.csv", "risk_type", s_types, c),
            "--results", ReturnsFile(), "--hurdle", "0.11", "--out", Path.Combine(_dir, "a"));
        code.Should().Be(0, error);
        var result = RiskAggregation.AggregateByType(s_units, s_ec, CorrelationMatrix.Create(s_types, c));
        AssertAggregation("a", result, UnitProfitability.Compute(result, s_returns, 0.11));
    }

    [Fact]
    public void Aggregate_CellMatrixInMemory_EqualsTheCliFigures()
    {
        // Eight labelled cells (Markets:credit has no capital and no row), in an order other than unit-major; equicorrelation 0.25 is positive definite.
        string[] labels = ["Markets:operational", "Retail:credit", "Retail:market", "Retail:operational", "Corporate:credit", "Corporate:market",
            "Corporate:operational", "Markets:market"];
        var c = new double[labels.Length * labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            for (int j = 0; j < labels.Length; j++)
            {
                c[(i * labels.Length) + j] = i == j ? 1.0 : 0.25;
            }
        }

        var (code, _, error) = CliRunner.Run("aggregate", "--capital", CapitalFile(), "--correlation", MatrixFile("cells.csv", "unit:risk_type", labels, c),
            "--results", ReturnsFile(), "--hurdle", "0.11", "--out", Path.Combine(_dir, "c"));
        code.Should().Be(0, error);
        var result = RiskAggregation.AggregateByLabelledCells(s_units, s_types, s_ec, CorrelationMatrix.Create(labels, c));
        AssertAggregation("c", result, UnitProfitability.Compute(result, s_returns, 0.11));
    }

    [Fact]
    public void AggregateByLabelledCells_PerfectCorrelation_TotalIsTheSimpleSum()
    {
        // Limit case: every named cell perfectly correlated gives EC = sum of standalone EC (the unnamed cell has EC 0).
        string[] labels = [.. s_units.SelectMany(u => s_types.Select(t => RiskAggregation.CellLabel(u, t))).Where(l => l != "Markets:credit")];
        var c = Enumerable.Repeat(1.0, labels.Length * labels.Length).ToArray();
        var result = RiskAggregation.AggregateByLabelledCells(s_units, s_types, s_ec, CorrelationMatrix.Create(labels, c));
        result.TotalEconomicCapital.Should().BeApproximately(s_ec.Sum(), 1e-9 * s_ec.Sum());
    }

    [Fact]
    public void AggregateByLabelledCells_CellWithCapitalNotInMatrix_ThrowsArgumentException()
    {
        string[] labels = ["Retail:credit", "Retail:market"];
        var act = () => RiskAggregation.AggregateByLabelledCells(s_units, s_types, s_ec, CorrelationMatrix.Create(labels, [1, 0, 0, 1]));
        act.Should().Throw<ArgumentException>().WithMessage("*Retail:operational*");
    }

    [Fact]
    public void UnitProfitability_NegativeContribution_RarocNullAndEvaCreditsCapital()
    {
        // Closed form: type matrix with correlation -1 between two units' only types; unit B hedges: contribution < 0.
        var matrix = CorrelationMatrix.Create(["x", "y"], [1, -0.9, -0.9, 1]);
        var result = RiskAggregation.AggregateByType(["A", "B"], [100, 0, 0, 30], matrix);
        result.UnitContribution[1].Should().BeNegative();
        var p = UnitProfitability.Compute(result, [10, 3], 0.1);
        p.DiversifiedRaroc[1].Should().BeNull();
        p.DiversifiedEva![1].Should().Be(3 - (0.1 * result.UnitContribution[1]));
        p.StandaloneRaroc[1].Should().Be(0.1);
        p.StandaloneEva![1].Should().BeApproximately(0.0, 1e-15);
    }
}
