using ValueCore.Internal;
using ValueCore.Portfolio;
using ValueCore.Profitability;

namespace ValueCore.Capital;

/// <summary>
/// Risk-adjusted return, RAROC and EVA of every loan on its standalone IRB capital and on its allocated (diversified)
/// capital, with portfolio totals.
/// </summary>
/// <remarks>
/// <para>On allocated capital EC_i (e.g. a Monte Carlo Euler allocation): pre-tax return = revenue - opex - EL + capital
/// rate x EC_i, return = pre-tax x (1 - tax), RAROC = return / EC_i, EVA = return - hurdle x EC_i: the formulas of
/// <see cref="RiskAdjustedReturn"/> with EC_i in place of the standalone capital, so the capital credit follows the
/// capital held. Revenue, opex and EL are the standalone valuation's; the hurdle of a loan is
/// <see cref="ValuationOptions.HurdleFor"/> its segment.</para>
/// <para>Allocated capital may be negative (a loan that lowers the portfolio's tail loss): EVA is then defined (the
/// loan earns a capital credit), RAROC is not (null), as for zero capital.</para>
/// <para>Totals: capital, return and EVA are sums over loans in book order; RAROC totals are the summed return over the
/// summed capital, null when that capital is not positive.</para>
/// </remarks>
public sealed class DiversifiedProfitability
{
    private DiversifiedProfitability(double[] standaloneEc, double[] diversifiedEc, double[] standaloneReturn, double[] diversifiedReturn,
        double?[] standaloneRaroc, double?[] diversifiedRaroc, double[] standaloneEva, double[] diversifiedEva)
    {
        StandaloneEc = standaloneEc;
        DiversifiedEc = diversifiedEc;
        StandaloneReturn = standaloneReturn;
        DiversifiedReturn = diversifiedReturn;
        StandaloneRaroc = standaloneRaroc;
        DiversifiedRaroc = diversifiedRaroc;
        StandaloneEva = standaloneEva;
        DiversifiedEva = diversifiedEva;
        var benefit = new double[standaloneEc.Length];
        for (int i = 0; i < benefit.Length; i++)
        {
            benefit[i] = standaloneEc[i] - diversifiedEc[i];
        }

        DiversificationBenefit = benefit;
        StandaloneEcTotal = standaloneEc.Sum();
        DiversifiedEcTotal = diversifiedEc.Sum();
        StandaloneReturnTotal = standaloneReturn.Sum();
        DiversifiedReturnTotal = diversifiedReturn.Sum();
        StandaloneEvaTotal = standaloneEva.Sum();
        DiversifiedEvaTotal = diversifiedEva.Sum();
    }

    /// <summary>The number of loans.</summary>
    public int Count => StandaloneEc.Count;

    /// <summary>Standalone IRB economic capital of each loan, in currency.</summary>
    public IReadOnlyList<double> StandaloneEc { get; }

    /// <summary>Allocated (diversified) economic capital of each loan, in currency; may be negative.</summary>
    public IReadOnlyList<double> DiversifiedEc { get; }

    /// <summary>Standalone EC minus allocated EC of each loan, in currency.</summary>
    public IReadOnlyList<double> DiversificationBenefit { get; }

    /// <summary>After-tax risk-adjusted return on standalone capital of each loan, in currency.</summary>
    public IReadOnlyList<double> StandaloneReturn { get; }

    /// <summary>After-tax risk-adjusted return on allocated capital of each loan (its capital credit on the allocated capital), in currency.</summary>
    public IReadOnlyList<double> DiversifiedReturn { get; }

    /// <summary>RAROC on standalone capital of each loan, a fraction per year; null where the standalone capital is not positive.</summary>
    public IReadOnlyList<double?> StandaloneRaroc { get; }

    /// <summary>RAROC on allocated capital of each loan, a fraction per year; null where the allocated capital is not positive.</summary>
    public IReadOnlyList<double?> DiversifiedRaroc { get; }

    /// <summary>EVA on standalone capital of each loan (return - hurdle x standalone EC), in currency.</summary>
    public IReadOnlyList<double> StandaloneEva { get; }

    /// <summary>EVA on allocated capital of each loan (diversified return - hurdle x allocated EC), in currency.</summary>
    public IReadOnlyList<double> DiversifiedEva { get; }

    /// <summary>The sum of the standalone EC, in currency.</summary>
    public double StandaloneEcTotal { get; }

    /// <summary>The sum of the allocated EC, in currency.</summary>
    public double DiversifiedEcTotal { get; }

    /// <summary>The diversification benefit, standalone EC total minus allocated EC total, in currency.</summary>
    public double DiversificationBenefitTotal => StandaloneEcTotal - DiversifiedEcTotal;

    /// <summary>The sum of the standalone returns, in currency.</summary>
    public double StandaloneReturnTotal { get; }

    /// <summary>The sum of the diversified returns, in currency.</summary>
    public double DiversifiedReturnTotal { get; }

    /// <summary>Portfolio RAROC on standalone capital, summed return / summed EC; null when that EC is not positive.</summary>
    public double? StandaloneRarocTotal => Ratio(StandaloneReturnTotal, StandaloneEcTotal);

    /// <summary>Portfolio RAROC on allocated capital, summed diversified return / summed allocated EC; null when that EC is not positive.</summary>
    public double? DiversifiedRarocTotal => Ratio(DiversifiedReturnTotal, DiversifiedEcTotal);

    /// <summary>The sum of the standalone EVA, in currency.</summary>
    public double StandaloneEvaTotal { get; }

    /// <summary>The sum of the diversified EVA, in currency.</summary>
    public double DiversifiedEvaTotal { get; }

    /// <summary>Computes the figures of every loan of a valuation on capital allocated to it.</summary>
    /// <param name="valuation">The standalone valuation of the book (its revenue, EL, EC, return and EVA; its options' profitability parameters and hurdles).</param>
    /// <param name="allocatedCapital">The allocated economic capital of each loan, in book order, finite, in currency (e.g. <see cref="MonteCarlo.MonteCarloResult.AllocatedCapital"/>).</param>
    /// <returns>The figures.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="valuation"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="allocatedCapital"/> has not one element per loan.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An allocated capital is not finite.</exception>
    public static DiversifiedProfitability Compute(PortfolioResult valuation, ReadOnlySpan<double> allocatedCapital)
    {
        ArgumentNullException.ThrowIfNull(valuation);
        int n = valuation.Count;
        SpanGuard.SameLength(allocatedCapital, n);
        var book = valuation.Book;
        var p = valuation.Options.Profitability;
        var div = allocatedCapital.ToArray();
        var ret = new double[n];
        var eva = new double[n];
        var standaloneRaroc = new double?[n];
        var diversifiedRaroc = new double?[n];
        var revenue = valuation.Revenue;
        var el = valuation.El;
        var ec = valuation.Ec;
        var standaloneReturn = valuation.Return;
        var opex = book.Opex;
        var segment = book.Segment;
        for (int i = 0; i < n; i++)
        {
            double pre = RiskAdjustedReturn.PreTaxReturn(revenue[i], opex[i], el[i], div[i], p.CapitalRate);
            ret[i] = RiskAdjustedReturn.AfterTax(pre, p.TaxRate);
            eva[i] = RiskAdjustedReturn.EvaUnchecked(ret[i], div[i], valuation.Options.HurdleFor(segment[i]));
            standaloneRaroc[i] = Ratio(standaloneReturn[i], ec[i]);
            diversifiedRaroc[i] = Ratio(ret[i], div[i]);
        }

        return new DiversifiedProfitability(ec.ToArray(), div, standaloneReturn.ToArray(), ret, standaloneRaroc, diversifiedRaroc, valuation.Eva.ToArray(), eva);
    }

    /// <summary>RAROC of a return on a capital: <see cref="RiskAdjustedReturn.Raroc(double, double)"/> where the capital is positive, else null.</summary>
    internal static double? Ratio(double riskAdjustedReturn, double capital) =>
        capital > 0.0 ? RiskAdjustedReturn.Raroc(riskAdjustedReturn, capital) : null;
}
