using ValueCore.Internal;

namespace ValueCore.Profitability;

/// <summary>
/// Risk-adjusted return, RAROC and EVA of a loan or a group of loans, as scalar functions and span kernels.
/// </summary>
/// <remarks>
/// <para>revenue = drawn (rate - FTP rate) + fees + undrawn (commitment fee - undrawn FTP rate): net interest income
/// after the funds transfer price on the drawn balance, plus fees, plus the commitment fee net of the liquidity charge on
/// the undrawn commitment. Interest and funding accrue on the drawn balance, not on EAD (EAD = drawn + CCF x undrawn
/// measures what may be lost, not what is lent); EL and capital stay on EAD. A book that gives only EAD takes
/// drawn = EAD and undrawn = 0 (docs/methodology.md, "Revenue").</para>
/// <para>pre-tax return = revenue - opex - EL + capital rate x EC: the return on risk-adjusted terms, crediting the
/// income earned on the capital held (Zaik, Walter, Kelling and James, "RAROC at Bank of America: from theory to
/// practice", Journal of Applied Corporate Finance 9(2), 1996).</para>
/// <para>return = pre-tax return x (1 - tax); RAROC = return / EC; EVA = return - hurdle x EC (Stern Stewart's economic
/// value added applied to a loan; see docs/methodology.md). RAROC &gt; hurdle exactly when EVA &gt; 0 for EC &gt; 0.</para>
/// </remarks>
public static class RiskAdjustedReturn
{
    /// <summary>Annual revenue net of funding cost of a loan without an undrawn commitment.</summary>
    /// <param name="drawn">The drawn balance on which interest and funding accrue (the EAD of a loan without undrawn commitment), in currency.</param>
    /// <param name="rate">Client annual rate, a fraction.</param>
    /// <param name="ftpRate">Funds transfer price, annual, a fraction.</param>
    /// <param name="fees">Annual fee income, in currency.</param>
    /// <returns>drawn (rate - ftpRate) + fees, in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite.</exception>
    public static double Revenue(double drawn, double rate, double ftpRate, double fees)
    {
        Finite(drawn, nameof(drawn));
        Finite(rate, nameof(rate));
        Finite(ftpRate, nameof(ftpRate));
        Finite(fees, nameof(fees));
        return (drawn * (rate - ftpRate)) + fees;
    }

    /// <summary>Annual revenue net of funding cost of a facility with a drawn balance and an undrawn commitment.</summary>
    /// <param name="drawn">The drawn balance on which interest and funding accrue, in currency (not the EAD).</param>
    /// <param name="rate">Client annual rate on the drawn balance, a fraction.</param>
    /// <param name="ftpRate">Funds transfer price of the drawn balance, annual, a fraction.</param>
    /// <param name="fees">Annual fee income, in currency.</param>
    /// <param name="undrawn">The undrawn commitment, in currency.</param>
    /// <param name="commitmentFee">Commitment fee, an annual rate on the undrawn commitment, a fraction.</param>
    /// <param name="undrawnFtpRate">Liquidity charge on the undrawn commitment (the cost of the liquidity held against a draw), an annual rate, a fraction.</param>
    /// <returns>drawn (rate - ftpRate) + fees + undrawn (commitmentFee - undrawnFtpRate), in currency.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is not finite.</exception>
    /// <remarks>A facility drawn 100 with 100 undrawn at CCF 0.5, rate 10% and FTP 5% earns 100 x 5% = 5, not EAD x 5% = 7.5.</remarks>
    public static double Revenue(double drawn, double rate, double ftpRate, double fees, double undrawn, double commitmentFee, double undrawnFtpRate)
    {
        Finite(undrawn, nameof(undrawn));
        Finite(commitmentFee, nameof(commitmentFee));
        Finite(undrawnFtpRate, nameof(undrawnFtpRate));
        return Revenue(drawn, rate, ftpRate, fees) + (undrawn * (commitmentFee - undrawnFtpRate));
    }

    /// <summary>Revenue element-wise (loans without undrawn commitments).</summary>
    /// <param name="drawn">Drawn balances.</param>
    /// <param name="rate">Client rates.</param>
    /// <param name="ftpRate">Funds transfer prices.</param>
    /// <param name="fees">Fees.</param>
    /// <param name="destination">Receives the revenue.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is not finite.</exception>
    public static void Revenue(ReadOnlySpan<double> drawn, ReadOnlySpan<double> rate, ReadOnlySpan<double> ftpRate, ReadOnlySpan<double> fees, Span<double> destination)
    {
        SpanGuard.SameLength(rate, drawn.Length);
        SpanGuard.SameLength(ftpRate, drawn.Length);
        SpanGuard.SameLength(fees, drawn.Length);
        SpanGuard.Destination(drawn, destination);
        SpanGuard.NoPartialOverlap(drawn, destination);
        SpanGuard.NoPartialOverlap(rate, destination);
        SpanGuard.NoPartialOverlap(ftpRate, destination);
        SpanGuard.NoPartialOverlap(fees, destination);
        for (int i = 0; i < drawn.Length; i++)
        {
            destination[i] = Revenue(drawn[i], rate[i], ftpRate[i], fees[i]);
        }
    }

    /// <summary>Revenue element-wise of facilities with drawn balances and undrawn commitments.</summary>
    /// <param name="drawn">Drawn balances.</param>
    /// <param name="rate">Client rates.</param>
    /// <param name="ftpRate">Funds transfer prices.</param>
    /// <param name="fees">Fees.</param>
    /// <param name="undrawn">Undrawn commitments.</param>
    /// <param name="commitmentFee">Commitment fees (annual rates on undrawn).</param>
    /// <param name="undrawnFtpRate">Liquidity charges on undrawn (annual rates).</param>
    /// <param name="destination">Receives the revenue.</param>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is not finite.</exception>
    public static void Revenue(ReadOnlySpan<double> drawn, ReadOnlySpan<double> rate, ReadOnlySpan<double> ftpRate, ReadOnlySpan<double> fees,
        ReadOnlySpan<double> undrawn, ReadOnlySpan<double> commitmentFee, ReadOnlySpan<double> undrawnFtpRate, Span<double> destination)
    {
        SpanGuard.SameLength(rate, drawn.Length);
        SpanGuard.SameLength(ftpRate, drawn.Length);
        SpanGuard.SameLength(fees, drawn.Length);
        SpanGuard.SameLength(undrawn, drawn.Length);
        SpanGuard.SameLength(commitmentFee, drawn.Length);
        SpanGuard.SameLength(undrawnFtpRate, drawn.Length);
        SpanGuard.Destination(drawn, destination);
        SpanGuard.NoPartialOverlap(drawn, destination);
        SpanGuard.NoPartialOverlap(rate, destination);
        SpanGuard.NoPartialOverlap(ftpRate, destination);
        SpanGuard.NoPartialOverlap(fees, destination);
        SpanGuard.NoPartialOverlap(undrawn, destination);
        SpanGuard.NoPartialOverlap(commitmentFee, destination);
        SpanGuard.NoPartialOverlap(undrawnFtpRate, destination);
        for (int i = 0; i < drawn.Length; i++)
        {
            destination[i] = Revenue(drawn[i], rate[i], ftpRate[i], fees[i], undrawn[i], commitmentFee[i], undrawnFtpRate[i]);
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
        return EvaUnchecked(riskAdjustedReturn, economicCapital, hurdle);
    }

    /// <summary>EVA = return - hurdle x capital without argument checks: the one EVA formula, shared by the valuation kernel and the diversified figures (where allocated capital may be negative).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static double EvaUnchecked(double riskAdjustedReturn, double capital, double hurdle) => riskAdjustedReturn - (hurdle * capital);

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
