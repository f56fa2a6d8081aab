using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch.Provisions;
using System.Text.Json;
using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.Batch;

/// <summary>Writes the valuation parameters into a run's manifest.json, the same way for every command.</summary>
internal static class ValuationManifest
{
    /// <summary>Writes hurdle, tax, capital rate, confidence, regime, PD floors, the capital bases and segment hurdles as properties of the open object.</summary>
    public static void WriteParameters(Utf8JsonWriter json, ValuationOptions v)
    {
        json.WriteNumber("hurdle", v.Profitability.Hurdle);
        json.WriteNumber("tax", v.Profitability.TaxRate);
        json.WriteNumber("capital_rate", v.Profitability.CapitalRate);
        json.WriteNumber("confidence", v.Irb.Confidence);
        json.WriteString("regime", v.Irb.Regime == CapitalRegime.Basel3 ? "basel3" : "basel2");
        WriteNumberOrNull(json, "pd_floor", v.Irb.PdFloor);

        json.WriteNumber("technical_pd_floor", IrbFormula.TechnicalPdFloor);
        WriteBases(json, v.Irb);
        json.WriteStartObject("hurdle_by_segment");
        foreach (var (segment, hurdle) in v.HurdleBySegment.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteNumber(segment, hurdle);
        }

        json.WriteEndObject();
    }

    /// <summary>Writes the basis of each capital figure: <c>ec</c> economic (the bank's confidence, no scaling factor),
    /// <c>rwa</c> regulatory (q = 0.999, the regime's scaling factor, defaulted loans included).</summary>
    public static void WriteBases(Utf8JsonWriter json, IrbOptions irb)
    {
        json.WriteStartObject("capital_bases");
        json.WriteStartObject("ec");
        json.WriteString("basis", "economic");
        json.WriteNumber("confidence", irb.Confidence);
        json.WriteNumber("scaling_factor", 1.0);
        json.WriteEndObject();
        json.WriteStartObject("rwa");
        json.WriteString("basis", "regulatory");
        json.WriteString("regime", irb.Regime == CapitalRegime.Basel3 ? "basel3" : "basel2");
        json.WriteNumber("confidence", IrbFormula.RegulatoryConfidence);
        json.WriteNumber("scaling_factor", IrbFormula.RegulatoryScalingFactor(irb.Regime));
        json.WriteNumber("multiplier", 12.5);
        json.WriteEndObject();
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

    /// <summary>Writes the <c>by</c> array: one entry per grouping, its columns joined by commas.</summary>
    public static void WriteGroupings(Utf8JsonWriter json, IReadOnlyList<IReadOnlyList<string>> groupBy)
    {
        json.WriteStartArray("by");
        foreach (var g in groupBy)
        {
            json.WriteStringValue(string.Join(',', g));
        }

        json.WriteEndArray();
    }
}
