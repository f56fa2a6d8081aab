namespace ValueCore.Risk.Aggregation;

/// <summary>The risk measure a capital figure is stated in.</summary>
public enum RiskMeasureKind
{
    /// <summary>Value at risk: the loss quantile at the confidence level.</summary>
    ValueAtRisk,

    /// <summary>Expected shortfall: the mean loss beyond the quantile at the confidence level.</summary>
    ExpectedShortfall,
}
