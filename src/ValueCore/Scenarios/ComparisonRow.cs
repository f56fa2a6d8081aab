namespace ValueCore.Scenarios;

/// <summary>One figure of one group (or of the portfolio) in one scenario, with the baseline's value.</summary>
/// <param name="Scenario">The scenario name (or <c>weighted</c> for the probability-weighted view).</param>
/// <param name="Keys">The group's key values; empty for the whole portfolio.</param>
/// <param name="Figure">The figure: loans, ead, el, ec, rwa, revenue, return, raroc, eva, or one of an extra measure.</param>
/// <param name="Baseline">The baseline's value (NaN when not defined, e.g. RAROC without capital).</param>
/// <param name="Value">The scenario's value (NaN when not defined).</param>
public sealed record ComparisonRow(string Scenario, IReadOnlyList<string> Keys, string Figure, double Baseline, double Value)
{
    /// <summary>Whether the row is the whole portfolio.</summary>
    public bool IsPortfolio => Keys.Count == 0;

    /// <summary>Value − baseline (NaN when either is not defined).</summary>
    public double Change => Value - Baseline;

    /// <summary>(Value − baseline) / |baseline|; NaN when the baseline is 0 or not defined.</summary>
    public double RelativeChange => Baseline != 0 && double.IsFinite(Baseline) ? (Value - Baseline) / Math.Abs(Baseline) : double.NaN;
}
