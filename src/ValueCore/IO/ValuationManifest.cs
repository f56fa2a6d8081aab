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
        WriteNumberOrNull(json, "pd_floor", v.Irb.PdFloor);

        json.WriteBoolean("scaling_factor_1_06", v.Irb.ApplyScalingFactor);
        json.WriteStartObject("hurdle_by_segment");
        foreach (var (segment, hurdle) in v.HurdleBySegment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(segment, hurdle);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes a number, or null when the figure is not defined (e.g. RAROC without capital).</summary>
    public static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
