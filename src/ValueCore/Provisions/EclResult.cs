namespace ValueCore.Provisions;

/// <summary>The model figures of one loan: 12-month and lifetime PD and expected credit loss.</summary>
/// <param name="PD12Month">Cumulative PD over min(1 year, remaining term), a fraction.</param>
/// <param name="PDLifetime">Cumulative PD over the remaining term, a fraction.</param>
/// <param name="Ecl12Month">Expected credit loss from defaults within 12 months (currency of the EAD).</param>
/// <param name="EclLifetime">Expected credit loss from defaults over the remaining term (currency of the EAD).</param>
public readonly record struct EclResult(double PD12Month, double PDLifetime, double Ecl12Month, double EclLifetime);
