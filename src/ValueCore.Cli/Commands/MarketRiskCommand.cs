using System.Globalization;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.IO.Risk;
using ValueCore.Risk.Market;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore market-risk</c>: historical VaR and ES per unit and for the bank, with Euler ES contributions.</summary>
internal static class MarketRiskCommand
{
    public static CommandSpec Spec { get; } = new(
        "market-risk",
        "Market risk capital: historical VaR and ES per unit and bank, Euler ES contributions.",
        [
            new OptionSpec("pnl", "FILE", "P&L scenarios: CSV scenario,unit,pnl (one row per scenario and unit; a loss is negative)", Required: true),
            new OptionSpec("confidence", "P", "confidence level of VaR and ES, in [0.5, 0.999999] (default 0.99)"),
            new OptionSpec("horizon-days", "D", "capital horizon in days: scale by sqrt(D / pnl-days); omit when the P&L is already at the horizon"),
            new OptionSpec("pnl-days", "D", "horizon of the P&L scenarios in days (default 1)"),
            new OptionSpec("sensitivity-width", "K", "tail sizes reported on each side of ceil(m) in tail_sensitivity.csv (default 2)"),
            new OptionSpec("out", "DIR", "output folder: market_risk.csv, market_risk.json, tail_sensitivity.csv, manifest.json", Required: true),
        ],
        Run,
        "Estimator: m = n (1 - confidence) tail scenarios; ES = (1/m) [L(1) + ... + L(f) + (m - f) L(f+1)], f = floor(m)\n" +
        "(Acerbi-Tasche); VaR = L(f+1), losses sorted worst first. A unit's ES contribution is the same weighted average of\n" +
        "its own losses in the bank's tail scenarios (ties by scenario order); contributions sum to the bank ES.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string pnlPath = args.RequireFile("pnl");
        double confidence = args.GetDouble("confidence", 0.99, HistoricalEstimator.MinConfidence, HistoricalEstimator.MaxConfidence);
        double? horizon = args.GetDoubleOrNull("horizon-days", double.Epsilon);
        double pnlDays = args.GetDouble("pnl-days", 1.0, double.Epsilon);
        int width = args.GetInt("sensitivity-width", 2, 0, 1000);
        if (args.Has("pnl-days") && horizon is null)
        {
            throw new UsageException("--pnl-days needs --horizon-days (without a horizon nothing is scaled)");
        }

        string outDir = args.Require("out");
        var scenarios = PnlCsv.Read(pnlPath);
        var options = new MarketRiskOptions { Confidence = confidence, HorizonDays = horizon, PnlHorizonDays = pnlDays, SensitivityWidth = width };
        var result = MarketRisk.Compute(scenarios, options);

        using var output = new OutputDirectory(outDir);
        using (var w = output.CreateText("market_risk.csv"))
        {
            CsvText.WriteLine(w, "unit", "var", "es", "es_contribution");
            for (int u = 0; u < result.Units.Count; u++)
            {
                CsvText.WriteLine(w, CsvText.Field(result.Units[u]), CsvText.Number(result.ValueAtRisk[u]), CsvText.Number(result.ExpectedShortfall[u]),
                    CsvText.Number(result.ExpectedShortfallContribution[u]));
            }
        }

        using (var w = output.CreateText("tail_sensitivity.csv"))
        {
            CsvText.WriteLine(w, "tail_scenarios", "confidence", "var", "es");
            foreach (var p in result.Sensitivity)
            {
                CsvText.WriteLine(w, p.TailScenarios.ToString(CultureInfo.InvariantCulture), CsvText.Number(p.Confidence), CsvText.Number(p.ValueAtRisk),
                    CsvText.Number(p.ExpectedShortfall));
            }
        }

        double standaloneEs = result.ExpectedShortfall.Sum();
        using (var stream = output.Create("market_risk.json"))
        using (var json = new Utf8JsonWriter(stream, RiskManifest.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteNumber("confidence", confidence);
            json.WriteNumber("scenarios", scenarios.ScenarioCount);
            json.WriteNumber("units", scenarios.Units.Count);
            json.WriteNumber("tail_scenarios", result.TailScenarios);
            json.WriteNumber("scaling_factor", result.ScalingFactor);
            json.WriteString("scaling_rule", horizon is null ? "none" : "square-root-of-time");
            json.WriteNumber("bank_var", result.BankValueAtRisk);
            json.WriteNumber("bank_es", result.BankExpectedShortfall);
            json.WriteNumber("standalone_es_sum", standaloneEs);
            json.WriteNumber("diversification_benefit", standaloneEs - result.BankExpectedShortfall);
            json.WriteStartArray("tail_scenario_positions_worst_first");
            foreach (int s in result.TailScenarioIndices)
            {
                json.WriteNumberValue(s + 1);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        RiskManifest.Write(output, "market-risk",
        [
            ("confidence", CsvText.Number(confidence)), ("horizon-days", horizon is double h ? CsvText.Number(h) : ""),
            ("pnl-days", CsvText.Number(pnlDays)), ("sensitivity-width", width.ToString(CultureInfo.InvariantCulture)),
        ], [("pnl", pnlPath, (long)scenarios.ScenarioCount * scenarios.Units.Count)]);
        output.Commit();
        ctx.Out.WriteLine(FormattableString.Invariant(
            $"market-risk: {scenarios.Units.Count} units x {scenarios.ScenarioCount} scenarios, confidence {confidence}, tail {result.TailScenarios} scenarios, scaling x{result.ScalingFactor}"));
        ctx.Out.WriteLine(FormattableString.Invariant(
            $"bank VaR {result.BankValueAtRisk:R}, bank ES {result.BankExpectedShortfall:R} (standalone ES sum {standaloneEs:R}); written to {output.Path}"));
        return ExitCodes.Success;
    }
}
