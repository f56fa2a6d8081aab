namespace ValueCore.Provisions;

/// <summary>One line of the allowance movement report: amounts by stage (currency).</summary>
/// <param name="Kind">The line.</param>
/// <param name="Stage1">The stage-1 amount.</param>
/// <param name="Stage2">The stage-2 amount.</param>
/// <param name="Stage3">The stage-3 amount.</param>
public sealed record EclMovementLine(EclMovementKind Kind, double Stage1, double Stage2, double Stage3)
{
    /// <summary>The amount over the three stages, Stage1 + Stage2 + Stage3 (currency).</summary>
    public double Total => Stage1 + Stage2 + Stage3;
}
