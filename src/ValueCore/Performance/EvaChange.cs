namespace ValueCore.Performance;

/// <summary>
/// A period-over-period EVA change explained by its drivers: volume, margin, expected loss, operating cost and
/// capital, which sum to the total change.
/// </summary>
/// <param name="Previous">EVA of the previous period.</param>
/// <param name="Current">EVA of the current period.</param>
/// <param name="Volume">Volume effect: (V1 - V0) x EVA0 / V0, the change in volume at the previous unit EVA.</param>
/// <param name="Margin">Margin effect: V1 (m1 - m0), m = Margin / V.</param>
/// <param name="ExpectedLoss">Expected-loss effect: -V1 (e1 - e0), e = ExpectedLoss / V.</param>
/// <param name="OperatingCost">Cost effect: -V1 (c1 - c0), c = OperatingCost / V.</param>
/// <param name="Capital">Capital effect: -V1 (k1 - k0), k = CapitalCharge / V.</param>
public readonly record struct EvaChange(double Previous, double Current, double Volume, double Margin, double ExpectedLoss, double OperatingCost, double Capital)
{
    /// <summary>The total change, Current - Previous.</summary>
    public double Total => Current - Previous;

    /// <summary>The sum of the five effects (equal to <see cref="Total"/> up to rounding).</summary>
    public double SumOfEffects => Volume + Margin + ExpectedLoss + OperatingCost + Capital;

    /// <summary>Explains the change from one period to the next by sequential substitution in the order volume, margin, expected loss, cost, capital.</summary>
    /// <param name="previous">The previous period's components.</param>
    /// <param name="current">The current period's components.</param>
    /// <returns>The change and its effects.</returns>
    /// <remarks>
    /// <para>EVA = V (m - e - c - k) with per-unit rates m, e, c, k. Volume is substituted first at the previous rates,
    /// then each rate at the current volume: volume = (V1 - V0) u0 with u0 = EVA0 / V0; margin = V1 (m1 - m0);
    /// expected loss = -V1 (e1 - e0); cost = -V1 (c1 - c0); capital = -V1 (k1 - k0). The effects telescope:
    /// their sum is V1 u1 - V0 u0 = EVA1 - EVA0 exactly in exact arithmetic (to rounding in floating point).</para>
    /// <para>A group with no volume in either period (new, closed, or fee-only business) has no per-unit rates: its
    /// whole change is the volume effect.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A volume is negative or a component is not finite.</exception>
    public static EvaChange Explain(in EvaComponents previous, in EvaComponents current)
    {
        Check(previous);
        Check(current);
        double eva0 = previous.Eva, eva1 = current.Eva;
        double v0 = previous.Volume, v1 = current.Volume;
        if (v0 == 0.0 || v1 == 0.0)
        {
            return new EvaChange(eva0, eva1, eva1 - eva0, 0.0, 0.0, 0.0, 0.0);
        }

        double scale = v1 / v0;
        return new EvaChange(eva0, eva1,
            Volume: (v1 - v0) * (eva0 / v0),
            Margin: current.Margin - (scale * previous.Margin),
            ExpectedLoss: (scale * previous.ExpectedLoss) - current.ExpectedLoss,
            OperatingCost: (scale * previous.OperatingCost) - current.OperatingCost,
            Capital: (scale * previous.CapitalCharge) - current.CapitalCharge);
    }

    private static void Check(in EvaComponents c)
    {
        if (!(c.Volume >= 0.0 && double.IsFinite(c.Volume)))
        {
            Internal.ThrowHelper.ArgumentOutOfRange(nameof(c.Volume), c.Volume, "[0, inf)");
        }

        if (!double.IsFinite(c.Margin) || !double.IsFinite(c.ExpectedLoss) || !double.IsFinite(c.OperatingCost) || !double.IsFinite(c.CapitalCharge))
        {
            Internal.ThrowHelper.ArgumentOutOfRange(nameof(c), "Every EVA component must be finite.");
        }
    }
}
