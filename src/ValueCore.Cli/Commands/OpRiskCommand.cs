using System.Globalization;
using System.Text.Json;
using ValueCore.IO;
using ValueCore.IO.Risk;
using ValueCore.Risk.Operational;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary><c>valuecore op-risk</c>: operational risk capital by the Basel III standardised approach (OPE25), allocated to units.</summary>
internal static class OpRiskCommand
{
    public static CommandSpec Spec { get; } = new(
        "op-risk",
        "Operational risk capital by the Basel III standardised approach (OPE25), allocated to units.",
        [
            new OptionSpec("bi", "FILE", "business indicator per unit: CSV unit,ildc,sc,fc (three-year averages) or three years of items (see below)", Required: true),
            new OptionSpec("losses", "FILE", "loss events of the bank: CSV year,loss[,gross_loss] (net loss after recoveries); omit for ILM = 1"),
            new OptionSpec("eur-rate", "R", "units of the input currency per EUR (ECB quotation; 1 for EUR, the default): converts the EUR 1bn/30bn buckets and the loss threshold"),
            new OptionSpec("ilm", "X", "set the internal loss multiplier (the supervisor's choice, OPE25.11), > 0"),
            new OptionSpec("bucket1-losses", null, "let a bucket-1 bank use its losses in the ILM (supervisor's permission, OPE25.11)"),
            new OptionSpec("loss-threshold", "EUR", "gross-loss threshold in EUR, in [20000, 100000] (default 20000)"),
            new OptionSpec("loss-years", "N", "loss window in years (default 10, OPE25.9)"),
            new OptionSpec("min-loss-years", "N", "fewest years of loss data accepted (default 5)"),
            new OptionSpec("last-loss-year", "YEAR", "last year of the loss window (default: the latest year in --losses)"),
            new OptionSpec("first-loss-year", "YEAR", "first year the loss data cover (default: the earliest year in --losses)"),
            new OptionSpec("allocation", "KEY", "allocation key: bi (share of business indicator, default) or standalone-bic"),
            new OptionSpec("out", "DIR", "output folder: op_risk.csv, op_risk.json, manifest.json", Required: true),
        ],
        Run,
        "Items layout of --bi: unit,year,interest_income,interest_expense,interest_earning_assets,dividend_income,fee_income,\n" +
        "fee_expense,other_operating_income,other_operating_expense,trading_book_pnl,banking_book_pnl (the same three years per unit).\n" +
        "ORC = BIC x ILM; BIC: 12% to EUR 1bn, 15% to 30bn, 18% above (OPE25.7); ILM = ln(e - 1 + (LC/BIC)^0.8) (OPE25.8);\n" +
        "LC = 15 x average annual loss (OPE25.9); ILM = 1 in bucket 1, without losses, or as set by --ilm.");

    private static int Run(CliArgs args, CliContext ctx)
    {
        string biPath = args.RequireFile("bi");
        string? lossPath = args.Has("losses") ? args.RequireFile("losses") : null;
        double rate = args.GetDouble("eur-rate", 1.0, double.Epsilon);
        double? ilm = args.GetDoubleOrNull("ilm", double.Epsilon);
        double threshold = args.GetDouble("loss-threshold", StandardisedApproach.LossThresholdEur, StandardisedApproach.LossThresholdEur, 100_000.0);
        int lossYears = args.GetInt("loss-years", 10, 1, 50);
        int minYears = args.GetInt("min-loss-years", 5, 1, 50);
        int? lastYear = args.Has("last-loss-year") ? args.GetInt("last-loss-year", 0) : null;
        int? firstYear = args.Has("first-loss-year") ? args.GetInt("first-loss-year", 0) : null;
        var key = args.Get("allocation") switch
        {
            null or "bi" => AllocationKey.BusinessIndicator,
            "standalone-bic" => AllocationKey.StandaloneBic,
            var other => throw new UsageException($"--allocation = {other} must be bi or standalone-bic"),
        };
        string outDir = args.Require("out");

        var bi = BusinessIndicatorCsv.Read(biPath);
        var losses = lossPath is null ? [] : OperationalLossCsv.Read(lossPath);
        var options = new OperationalRiskOptions
        {
            CurrencyPerEur = rate,
            InternalLossMultiplier = ilm,
            UseLossesInBucketOne = args.Has("bucket1-losses"),
            LossThresholdEur = threshold,
            LossWindowYears = lossYears,
            MinimumLossYears = minYears,
            LastLossYear = lastYear,
            FirstLossYear = firstYear,
            Allocation = key,
        };

        OperationalRiskResult result;
        try
        {
            result = bi.Compute(losses.ToArray(), options);
        }
        catch (ArgumentException e)
        {
            throw new InvalidInputException($"valuecore op-risk: {e.Message.Split(" (Parameter", 2)[0]}");
        }

        using var output = new OutputDirectory(outDir);
        using (var w = output.CreateText("op_risk.csv"))
        {
            CsvText.WriteLine(w, "unit", "bi", "bic_share", "capital");
            for (int u = 0; u < result.Units.Count; u++)
            {
                CsvText.WriteLine(w, CsvText.Field(result.Units[u]), CsvText.Number(result.UnitBusinessIndicator[u]), CsvText.Number(result.Share[u]),
                    CsvText.Number(result.UnitCapital[u]));
            }
        }

        using (var stream = output.Create("op_risk.json"))
        using (var json = new Utf8JsonWriter(stream, RiskManifest.JsonOptions))
        {
            json.WriteStartObject();
            json.WriteString("bi_input", bi.HasItems ? "items" : "components");
            json.WriteNumber("ildc", result.Bank.Ildc);
            json.WriteNumber("sc", result.Bank.Sc);
            json.WriteNumber("fc", result.Bank.Fc);
            json.WriteNumber("bi", result.BusinessIndicator);
            json.WriteNumber("eur_rate", rate);
            json.WriteNumber("bucket", result.Bucket);
            json.WriteNumber("bic", result.BusinessIndicatorComponent);
            if (result.AverageAnnualLoss is double avg)
            {
                json.WriteNumber("average_annual_loss", avg);
                json.WriteNumber("lc", result.LossComponent!.Value);
            }
            else
            {
                json.WriteNull("average_annual_loss");
                json.WriteNull("lc");
            }

            json.WriteNumber("loss_years", result.LossYears);
            json.WriteNumber("losses_used", result.LossesUsed);
            json.WriteNumber("losses_below_threshold", result.LossesBelowThreshold);
            json.WriteNumber("losses_outside_window", result.LossesOutsideWindow);
            json.WriteNumber("ilm", result.InternalLossMultiplier);
            json.WriteString("ilm_basis", result.IlmBasis switch
            {
                IlmBasis.Formula => "formula",
                IlmBasis.BucketOne => "bucket 1",
                IlmBasis.NoLosses => "no losses",
                _ => "user",
            });
            json.WriteNumber("capital", result.Capital);
            json.WriteNumber("rwa", result.RiskWeightedAssets);
            json.WriteString("allocation", key == AllocationKey.BusinessIndicator ? "bi" : "standalone-bic");
            json.WriteEndObject();
        }

        var inputs = new List<(string, string, long)> { ("bi", biPath, bi.HasItems ? bi.Items.Length : bi.Components.Length) };
        if (lossPath is not null)
        {
            inputs.Add(("losses", lossPath, losses.Count));
        }

        RiskManifest.Write(output, "op-risk",
        [
            ("eur-rate", CsvText.Number(rate)), ("ilm", ilm is double i ? CsvText.Number(i) : ""), ("bucket1-losses", args.Has("bucket1-losses") ? "true" : "false"),
            ("loss-threshold", CsvText.Number(threshold)), ("loss-years", lossYears.ToString(CultureInfo.InvariantCulture)),
            ("min-loss-years", minYears.ToString(CultureInfo.InvariantCulture)),
            ("last-loss-year", lastYear?.ToString(CultureInfo.InvariantCulture) ?? ""), ("first-loss-year", firstYear?.ToString(CultureInfo.InvariantCulture) ?? ""),
            ("allocation", key == AllocationKey.BusinessIndicator ? "bi" : "standalone-bic"),
        ], inputs);
        output.Commit();
        ctx.Out.WriteLine(FormattableString.Invariant(
            $"op-risk: BI {result.BusinessIndicator:R} (bucket {result.Bucket}), BIC {result.BusinessIndicatorComponent:R}, ILM {result.InternalLossMultiplier:R} ({result.IlmBasis}), capital {result.Capital:R}"));
        if (lossPath is not null)
        {
            ctx.Out.WriteLine(FormattableString.Invariant(
                $"losses: {losses.Count} events read, {result.LossesUsed} used over {result.LossYears} years, {result.LossesBelowThreshold} below the threshold, {result.LossesOutsideWindow} outside the window"));
        }

        ctx.Out.WriteLine($"{result.Units.Count} units written to {output.Path}");
        return ExitCodes.Success;
    }
}
