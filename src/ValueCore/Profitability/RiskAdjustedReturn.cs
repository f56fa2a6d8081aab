using ValueCore.Internal;

namespace ValueCore.Profitability;

/// <summary>
/// Risk-adjusted return, RAROC and EVA of a loan or a group of loans, as scalar functions and span kernels.
/// </summary>
/// <remarks>
/// <para>revenue = EAD (rate - FTP rate) + fees: net interest income after the funds transfer price, plus fees.</para>
/// <para>pre-tax return = revenue - opex - EL + capital rate x EC: the return on risk-adjusted terms, crediting the
/// income earned on the capital held (Zaik, Walter, Kelling and James, "RAROC at Bank of America: from theory to
/// practice", Journal of Applied Corporate Finance 9(2), 1996).</para>
/// <para>return = pre-tax return x (1 - tax); RAROC = return / EC; EVA = return - hurdle x EC (Stern Stewart's economic
/// value added applied to a loan; see docs/methodology.md). RAROC &gt; hurdle exactly when EVA &gt; 0 for EC &gt; 0.</para>
/// </remarks>
public static class RiskAdjustedReturn
{
    /// <summary>Annual revenue net of funding cost.</summary>
    /// <param name="ead">Exposure at default (the funded balance), in currency.</param>
    /// <param name="rate">Client annual rate, a fraction.</param>
    /// <param name="ftpRate">Funds transfer price, annual, a fraction.</param>
    /// <param name="fees">Annual fee income, in currency.</param>
    /// <returns>EAD (rate - ftpRate) + fees, in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite.</exception>
    public static double Revenue(double ead, double rate, double ftpRate, double fees)
    {
        Finite(ead, nameof(ead));
        Finite(rate, nameof(rate));
        Finite(ftpRate, nameof(ftpRate));
        Finite(fees, nameof(fees));
        return (ead * (rate - ftpRate)) + fees;
    }

    /// <summary>Revenue element-wise.</summary>
    /// <param name="ead">EADs.</param>
    /// <param name="rate">Client rates.</param>
    /// <param name="ftpRate">Funds transfer prices.</param>
    /// <param name="fees">Fees.</param>
    /// <param name="destination">Receives the revenue.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is not finite.</exception>
    public static void Revenue(ReadOnlySpan<double> ead, ReadOnlySpan<double> rate, ReadOnlySpan<double> ftpRate, ReadOnlySpan<double> fees, Span<double> destination)
    {
        SpanGuard.SameLength(rate, ead.Length);
        SpanGuard.SameLength(ftpRate, ead.Length);
        SpanGuard.SameLength(fees, ead.Length);
        SpanGuard.Destination(ead, destination);
        SpanGuard.NoPartialOverlap(ead, destination);
        SpanGuard.NoPartialOverlap(rate, destination);
        SpanGuard.NoPartialOverlap(ftpRate, destination);
        SpanGuard.NoPartialOverlap(fees, destination);
        for (int i = 0; i < ead.Length; i++)
        {
            destination[i] = Revenue(ead[i], rate[i], ftpRate[i], fees[i]);
        }
    }

    /// <summary>Pre-tax risk-adjusted return.</summary>
    /// <param name="revenue">Revenue net of funding, in currency.</param>
    /// <param name="opex">Operating cost, in currency.</param>
    /// <param name="expectedLoss">Expected loss, in currency.</param>
    /// <param name="economicCapital">Economic capital, in currency.</param>
    /// <param name="capitalRate">Annual return on the capital held, a fraction.</param>
    /// <returns>revenue - opex - EL + capitalRate x EC, in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite.</exception>
    public static double PreTaxReturn(double revenue, double opex, double expectedLoss, double economicCapital, double capitalRate)
    {
        Finite(revenue, nameof(revenue));
        Finite(opex, nameof(opex));
        Finite(expectedLoss, nameof(expectedLoss));
        Finite(economicCapital, nameof(economicCapital));
        Finite(capitalRate, nameof(capitalRate));
        return revenue - opex - expectedLoss + (capitalRate * economicCapital);
    }

    /// <summary>After-tax risk-adjusted return.</summary>
    /// <param name="preTaxReturn">Pre-tax risk-adjusted return, in currency.</param>
    /// <param name="taxRate">Tax rate in [0, 1), applied linearly (a loss earns a tax credit).</param>
    /// <returns>preTaxReturn x (1 - taxRate), in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double AfterTax(double preTaxReturn, double taxRate)
    {
        Finite(preTaxReturn, nameof(preTaxReturn));
        if (!(taxRate >= 0.0 && taxRate < 1.0))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(taxRate), taxRate, "[0, 1)");
        }

        return preTaxReturn * (1.0 - taxRate);
    }

    /// <summary>Risk-adjusted return on capital.</summary>
    /// <param name="riskAdjustedReturn">After-tax risk-adjusted return, in currency.</param>
    /// <param name="economicCapital">Economic capital, &gt;= 0, in currency.</param>
    /// <returns>return / EC, a fraction per year; null when EC = 0 (RAROC is not defined without capital).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double? Raroc(double riskAdjustedReturn, double economicCapital)
    {
        Finite(riskAdjustedReturn, nameof(riskAdjustedReturn));
        NonNegative(economicCapital, nameof(economicCapital));
        return economicCapital == 0.0 ? null : riskAdjustedReturn / economicCapital;
    }

    /// <summary>RAROC element-wise; a loan with zero capital gets NaN, which marks "not defined" (writers print an empty cell).</summary>
    /// <param name="riskAdjustedReturn">After-tax returns.</param>
    /// <param name="economicCapital">Economic capital, each &gt;= 0.</param>
    /// <param name="destination">Receives RAROC.</param>
    /// <returns>The number of loans with zero capital (RAROC not defined).</returns>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static int Raroc(ReadOnlySpan<double> riskAdjustedReturn, ReadOnlySpan<double> economicCapital, Span<double> destination)
    {
        SpanGuard.SameLength(economicCapital, riskAdjustedReturn.Length);
        SpanGuard.Destination(riskAdjustedReturn, destination);
        SpanGuard.NoPartialOverlap(riskAdjustedReturn, destination);
        SpanGuard.NoPartialOverlap(economicCapital, destination);
        int undefined = 0;
        for (int i = 0; i < riskAdjustedReturn.Length; i++)
        {
            double? r = Raroc(riskAdjustedReturn[i], economicCapital[i]);
            if (r is null)
            {
                undefined++;
            }

            destination[i] = r ?? double.NaN;
        }

        return undefined;
    }

    /// <summary>Economic value added.</summary>
    /// <param name="riskAdjustedReturn">After-tax risk-adjusted return, in currency.</param>
    /// <param name="economicCapital">Economic capital, &gt;= 0, in currency.</param>
    /// <param name="hurdle">Hurdle rate (cost of capital), a fraction.</param>
    /// <returns>return - hurdle x EC, in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double Eva(double riskAdjustedReturn, double economicCapital, double hurdle)
    {
        Finite(riskAdjustedReturn, nameof(riskAdjustedReturn));
        NonNegative(economicCapital, nameof(economicCapital));
        Finite(hurdle, nameof(hurdle));
        return riskAdjustedReturn - (hurdle * economicCapital);
    }

    /// <summary>EVA element-wise with one hurdle.</summary>
    /// <param name="riskAdjustedReturn">After-tax returns.</param>
    /// <param name="economicCapital">Economic capital, each &gt;= 0.</param>
    /// <param name="hurdle">The hurdle rate common to all loans.</param>
    /// <param name="destination">Receives EVA.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static void Eva(ReadOnlySpan<double> riskAdjustedReturn, ReadOnlySpan<double> economicCapital, double hurdle, Span<double> destination)
    {
        SpanGuard.SameLength(economicCapital, riskAdjustedReturn.Length);
        SpanGuard.Destination(riskAdjustedReturn, destination);
        SpanGuard.NoPartialOverlap(riskAdjustedReturn, destination);
        SpanGuard.NoPartialOverlap(economicCapital, destination);
        for (int i = 0; i < riskAdjustedReturn.Length; i++)
        {
            destination[i] = Eva(riskAdjustedReturn[i], economicCapital[i], hurdle);
        }
    }

    private static void Finite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, "the finite numbers");
        }
    }

    private static void NonNegative(double value, string name)
    {
        if (!(value >= 0.0 && value < double.PositiveInfinity))
        {
            ThrowHelper.ArgumentOutOfRange(name, value, "[0, inf)");
        }
    }
}
