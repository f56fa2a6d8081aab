namespace ValueCore.Migration;

/// <summary>The regulatory migration rates of one period (or of all periods pooled).</summary>
/// <param name="Start">The period start in the history's time unit (the first period's start for the pooled figures).</param>
/// <param name="End">The period end (the last period's end for the pooled figures).</param>
/// <param name="Rates">The five rates, in <see cref="RegulatoryRateKind"/> order.</param>
public sealed record RegulatoryRatesPeriod(double Start, double End, IReadOnlyList<RegulatoryRate> Rates);
