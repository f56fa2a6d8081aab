using ValueCore.Capital;
using ValueCore.IO;
using ValueCore.Portfolio;
using ValueCore.Batch;
using ValueCore.Batch.Provisions;

namespace ValueCore.Cli.Commands;

/// <summary>The valuation options of <c>raroc</c> and <c>price</c>: params.json, then command-line overrides (--hurdle, --tax, --capital-rate, --confidence, --regime; --pd-floor; --scaling-factor is refused).</summary>
internal static class ValuationArgs
{
    public static ValuationOptions Read(CliArgs args)
    {
        string? paramsPath = args.Get("params");
        if (paramsPath is not null && !File.Exists(paramsPath))
        {
            throw new UsageException($"--params: file not found: {paramsPath}");
        }

        if (args.Has("scaling-factor"))
        {
            throw new UsageException("--scaling-factor is no longer an option: economic capital (ec) never carries the Basel II scaling factor 1.06, and RWA always carries the regime's (basel2: 1.06, defaulted loans included; basel3: none); remove it and choose the regime with --regime");
        }

        var valuation = paramsPath is null ? ValuationOptions.Default : ParameterFiles.ReadValuationOptions(paramsPath);
        var irb = valuation.Irb;
        var fin = valuation.Profitability;
        try
        {
            fin = fin with
            {
                Hurdle = args.GetDouble("hurdle", fin.Hurdle),
                TaxRate = args.GetDouble("tax", fin.TaxRate),
                CapitalRate = args.GetDouble("capital-rate", fin.CapitalRate),
            };
            irb = irb with
            {
                Confidence = args.GetDouble("confidence", irb.Confidence),
                PdFloor = args.GetDoubleOrNull("pd-floor") ?? irb.PdFloor,
                Regime = args.Get("regime") switch
                {
                    null => irb.Regime,
                    "basel2" => CapitalRegime.Basel2,
                    "basel3" => CapitalRegime.Basel3,
                    var other => throw new UsageException($"--regime = {other} must be basel2 or basel3"),
                },
            };
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException(PlainText.Message(e));
        }

        return valuation with { Irb = irb, Profitability = fin };
    }
}
