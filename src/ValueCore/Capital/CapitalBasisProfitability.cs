using ValueCore.Internal;
using ValueCore.Profitability;

namespace ValueCore.Capital;

/// <summary>
/// RAROC and EVA of groups (or loans) on a chosen capital basis: economic capital, regulatory capital on the floored RWA
/// allocated to the group, or the larger of the two.
/// </summary>
/// <remarks>
/// <para>Regulatory capital RC_g = capital ratio x floored RWA_g (the group's IRB RWA plus its share of the output-floor add-on,
/// <see cref="OutputFloorResult.GroupRwaFloored"/>). Chosen capital C_g = EC_g, RC_g or max(EC_g, RC_g).</para>
/// <para>The formulas are those of <see cref="RiskAdjustedReturn"/> with C_g in place of the economic capital, as for allocated
/// capital in <see cref="DiversifiedProfitability"/>: pre-tax = revenue - opex - EL + capital rate x C_g, return = pre-tax x
/// (1 - tax), RAROC = return / C_g (null when C_g is not positive), EVA = return - hurdle x C_g. See docs/methodology.md.</para>
/// </remarks>
public static class CapitalBasisProfitability
{
    /// <summary>Computes the capital, return, RAROC and EVA of each row on the chosen basis.</summary>
    /// <param name="revenue">Revenue net of funding of each row, finite, in currency.</param>
    /// <param name="opex">Operating cost of each row, finite, in currency.</param>
    /// <param name="expectedLoss">Expected loss of each row, finite, in currency.</param>
    /// <param name="economicCapital">Economic capital of each row, finite, in currency.</param>
    /// <param name="flooredRwa">Floored RWA of each row (e.g. <see cref="OutputFloorResult.GroupRwaFloored"/>), finite and &gt;= 0, in currency.</param>
    /// <param name="options">Basis, capital ratio and profitability parameters; null for <see cref="CapitalBasisOptions.Default"/>.</param>
    /// <returns>The figures per row and in total.</returns>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite, or a floored RWA is negative.</exception>
    public static CapitalBasisResult Compute(ReadOnlySpan<double> revenue, ReadOnlySpan<double> opex, ReadOnlySpan<double> expectedLoss,
        ReadOnlySpan<double> economicCapital, ReadOnlySpan<double> flooredRwa, CapitalBasisOptions? options)
    {
        int n = revenue.Length;
        SpanGuard.SameLength(opex, n);
        SpanGuard.SameLength(expectedLoss, n);
        SpanGuard.SameLength(economicCapital, n);
        SpanGuard.SameLength(flooredRwa, n);
        options ??= CapitalBasisOptions.Default;
        var p = options.Profitability;
        var economic = new double[n];
        var regulatory = new double[n];
        var capital = new double[n];
        var ret = new double[n];
        var raroc = new double?[n];
        var eva = new double[n];
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(economicCapital[i]))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(economicCapital), economicCapital[i], "the finite numbers");
            }

            if (!(flooredRwa[i] >= 0.0 && flooredRwa[i] < double.PositiveInfinity))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(flooredRwa), flooredRwa[i], "[0, inf)");
            }

            economic[i] = economicCapital[i];
            regulatory[i] = options.CapitalRatio * flooredRwa[i];
            capital[i] = options.Basis switch
            {
                CapitalBasis.Regulatory => regulatory[i],
                CapitalBasis.Binding => Math.Max(economic[i], regulatory[i]),
                _ => economic[i],
            };
            double pre = RiskAdjustedReturn.PreTaxReturn(revenue[i], opex[i], expectedLoss[i], capital[i], p.CapitalRate);
            ret[i] = RiskAdjustedReturn.AfterTax(pre, p.TaxRate);
            raroc[i] = DiversifiedProfitability.Ratio(ret[i], capital[i]);
            eva[i] = RiskAdjustedReturn.EvaUnchecked(ret[i], capital[i], p.Hurdle);
        }

        return new CapitalBasisResult(options.Basis, economic, regulatory, capital, ret, raroc, eva);
    }
}
