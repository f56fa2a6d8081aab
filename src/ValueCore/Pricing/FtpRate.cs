namespace ValueCore.Pricing;

/// <summary>A funds transfer price split into its interest-rate part and its liquidity premium.</summary>
/// <param name="BaseRate">The matched-maturity funding-curve rate, a fraction.</param>
/// <param name="LiquidityPremium">The matched-maturity liquidity premium, a fraction (0 without a liquidity curve).</param>
public readonly record struct FtpRate(double BaseRate, double LiquidityPremium)
{
    /// <summary>The transfer price: base rate + liquidity premium, a fraction.</summary>
    public double Total => BaseRate + LiquidityPremium;
}
