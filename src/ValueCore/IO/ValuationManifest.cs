using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.IO;

/// <summary>Writes the valuation parameters into a run's manifest.json, the same way for every command.</summary>
internal static class ValuationManifest
{
    /// <summary>Writes hurdle, tax, capital rate, confidence, regime, PD floor, scaling factor and segment hurdles as properties of the open object.</summary>
    public static void WriteParameters(Utf8JsonWriter json, ValuationOptions v)
    {
        json.WriteNumber("hurdle", v.Profitability.Hurdle);
        json.WriteNumber("tax", v.Profitability.TaxRate);
        json.WriteNumber("capital_rate", v.Profitability.CapitalRate);
        json.WriteNumber("confidence", v.Irb.Confidence);
        json.WriteString("regime", v.Irb.Regime == CapitalRegime.Basel3 ? "basel3" : "basel2");
        if (v.Irb.PdFloor is double floor)
        {
            json.WriteNumber("pd_floor", floor);
        }
        else
        {
            json.WriteNull("pd_floor");
        }

        json.WriteBoolean("scaling_factor_1_06", v.Irb.ApplyScalingFactor);
        json.WriteStartObject("hurdle_by_segment");
        foreach (var (segment, hurdle) in v.HurdleBySegment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(segment, hurdle);
        }

        json.WriteEndObject();
    }
}
