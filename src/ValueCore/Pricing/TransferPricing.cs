using ValueCore.Internal;
using ValueCore.Portfolio;
using ValueCore.Schedules;

namespace ValueCore.Pricing;

/// <summary>
/// Matched-maturity funds transfer pricing: the funding-curve rate (plus a liquidity premium) that matches a loan's
/// repricing term and repayment profile, as scalar functions and a span kernel.
/// </summary>
/// <remarks>
/// <para>Bullet loan: FTP = r(T), T the repricing term when given, else the maturity.</para>
/// <para>Amortising loan (matched cash flows, "strip funding"): n = max(1, round(M f)) principal repayments P_i at
/// t_i = i M / n (f payments a year, M the loan's remaining term), each funded by its own bullet borrowing of term t_i; the rate
/// that costs the same interest on the same balance-years is the weighted mean
/// FTP = sum P_i t_i r(t_i) / sum P_i t_i. Linear: P_i = 1/n. Annuity at client rate c: P_i proportional to
/// (1 + j)^(i-1), j = c M / n (linear when j = 0).</para>
/// <para>When a repricing term R is given the interest-rate part is matched to it, r(R), and the liquidity premium to
/// the contractual profile; without R both follow the profile. See docs/performance-and-pricing.md.</para>
/// </remarks>
public static class TransferPricing
{
    /// <summary>The most payments a year a profile may have (daily).</summary>
    public const int MaxPaymentsPerYear = 366;

    /// <summary>The matched-maturity curve rate of a repayment profile (the cash-flow-weighted rate; r(M) for a bullet).</summary>
    /// <param name="curve">The curve.</param>
    /// <param name="amortisation">The repayment profile.</param>
    /// <param name="termYears">The loan's remaining contractual term in years, in (0, 100] (the matched-maturity term).</param>
    /// <param name="paymentsPerYear">Principal payments a year for amortising loans, in [1, 366].</param>
    /// <param name="clientRate">The client's annual rate, a fraction in (-1, 10); used by <see cref="Amortisation.Annuity"/> only.</param>
    /// <returns>The matched annual rate, a fraction.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range, or an annuity's periodic rate is not above -1.</exception>
    public static double MatchedRate(FundingCurve curve, Amortisation amortisation, double termYears, int paymentsPerYear, double clientRate)
    {
        ArgumentNullException.ThrowIfNull(curve);
        Check(amortisation, termYears, double.NaN, paymentsPerYear, clientRate);
        return MatchedRateUnchecked(curve, amortisation, termYears, paymentsPerYear, clientRate);
    }

    /// <summary>The transfer price of a loan: base rate matched to the repricing term (or profile) plus the liquidity premium matched to the profile.</summary>
    /// <param name="curve">The funding (base) curve.</param>
    /// <param name="liquidity">The liquidity-premium curve; null for none.</param>
    /// <param name="amortisation">The repayment profile.</param>
    /// <param name="termYears">The loan's remaining contractual term in years, in (0, 100] (the matched-maturity term).</param>
    /// <param name="repricingYears">Years to the next rate reset for a floating-rate loan, in (0, 100]; NaN for a fixed-rate loan.</param>
    /// <param name="paymentsPerYear">Principal payments a year for amortising loans, in [1, 366].</param>
    /// <param name="clientRate">The client's annual rate, a fraction in (-1, 10) (annuity profile only).</param>
    /// <returns>The base rate and the liquidity premium.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static FtpRate Rate(FundingCurve curve, FundingCurve? liquidity, Amortisation amortisation, double termYears,
        double repricingYears, int paymentsPerYear, double clientRate)
    {
        ArgumentNullException.ThrowIfNull(curve);
        Check(amortisation, termYears, repricingYears, paymentsPerYear, clientRate);
        return RateUnchecked(curve, liquidity, amortisation, termYears, repricingYears, paymentsPerYear, clientRate);
    }

    /// <summary>The transfer prices of many loans (base + liquidity premium).</summary>
    /// <param name="curve">The funding curve.</param>
    /// <param name="liquidity">The liquidity-premium curve; null for none.</param>
    /// <param name="amortisation">Repayment profiles.</param>
    /// <param name="termYears">The loans' remaining contractual terms in years, each in (0, 100].</param>
    /// <param name="repricingYears">Repricing terms in years (NaN for fixed rate), each in (0, 100] otherwise.</param>
    /// <param name="clientRate">Client rates (annuities only), each in (-1, 10).</param>
    /// <param name="paymentsPerYear">Principal payments a year, common to all loans, in [1, 366].</param>
    /// <param name="destination">Receives the total transfer prices.</param>
    /// <exception cref="ArgumentNullException"><paramref name="curve"/> is null.</exception>
    /// <exception cref="ArgumentException">Lengths differ, or the destination is too short or partly overlaps an input.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An element is outside its range.</exception>
    public static void Rate(FundingCurve curve, FundingCurve? liquidity, ReadOnlySpan<Amortisation> amortisation, ReadOnlySpan<double> termYears,
        ReadOnlySpan<double> repricingYears, ReadOnlySpan<double> clientRate, int paymentsPerYear, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(curve);
        SpanGuard.SameLength(termYears, amortisation.Length);
        SpanGuard.SameLength(repricingYears, amortisation.Length);
        SpanGuard.SameLength(clientRate, amortisation.Length);
        SpanGuard.Destination(amortisation, destination);
        SpanGuard.NoPartialOverlap(termYears, destination);
        SpanGuard.NoPartialOverlap(repricingYears, destination);
        SpanGuard.NoPartialOverlap(clientRate, destination);
        for (int i = 0; i < amortisation.Length; i++)
        {
            Check(amortisation[i], termYears[i], repricingYears[i], paymentsPerYear, clientRate[i]);
            destination[i] = RateUnchecked(curve, liquidity, amortisation[i], termYears[i], repricingYears[i], paymentsPerYear, clientRate[i]).Total;
        }
    }

    /// <summary>The matched-maturity transfer price of every loan of a book from its own terms, whatever transfer price the
    /// book gives: the term (else the effective maturity), <see cref="LoanBook.Amortisation"/>, <see cref="LoanBook.RepricingYears"/>
    /// and the client rate (annuities). The book-level form of <c>valuecore ftp</c>, which writes the same figures.</summary>
    /// <param name="book">The book.</param>
    /// <param name="funding">The funding curves and payments a year.</param>
    /// <returns>Per loan, in book order, the base rate and the liquidity premium.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="DataValidationException">Loans without a term or maturity, or with terms outside the transfer-pricing
    /// ranges; each is listed with its 1-based record.</exception>
    public static FtpRate[] Rates(LoanBook book, FundingOptions funding)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(funding);
        var rates = new FtpRate[book.Count];
        var issues = new List<DataIssue>();
        long total = 0;
        for (int i = 0; i < rates.Length; i++)
        {
            if (funding.TryRate(book, i, out rates[i]) is DataIssue issue)
            {
                total++;
                if (issues.Count < DataValidationException.MaxListed)
                {
                    issues.Add(issue);
                }
            }
        }

        return total > 0 ? throw new DataValidationException("loans", issues, total) : rates;
    }

    /// <summary>The rule a loan's FTP inputs break, or null when they are valid (shared with the CSV readers).</summary>
    internal static string? Rule(Amortisation amortisation, double termYears, double repricingYears, int paymentsPerYear, double clientRate)
    {
        if (!(termYears > 0.0 && termYears <= 100.0))
        {
            return "maturity is outside (0, 100] years";
        }

        if (!double.IsNaN(repricingYears) && !(repricingYears > 0.0 && repricingYears <= 100.0))
        {
            return "repricing is outside (0, 100] years";
        }

        if (paymentsPerYear is < 1 or > MaxPaymentsPerYear)
        {
            return "payments per year is outside [1, 366]";
        }

        if (amortisation == Amortisation.Annuity)
        {
            if (!(clientRate > -1.0 && clientRate < 10.0))
            {
                return "rate is outside (-1, 10) (an annuity needs the client rate)";
            }

            int n = Payments(termYears, paymentsPerYear);
            if (!(1.0 + (clientRate * termYears / n) > 0.0))
            {
                return "rate gives a periodic annuity rate at or below -100%";
            }
        }

        return amortisation is Amortisation.Bullet or Amortisation.Linear or Amortisation.Annuity ? null : "amortisation " + AmortisationLabels.Rule;
    }

    internal static FtpRate RateUnchecked(FundingCurve curve, FundingCurve? liquidity, Amortisation amortisation, double termYears,
        double repricingYears, int paymentsPerYear, double clientRate)
    {
        double baseRate = double.IsNaN(repricingYears)
            ? MatchedRateUnchecked(curve, amortisation, termYears, paymentsPerYear, clientRate)
            : curve.RateAtUnchecked(repricingYears);
        double premium = liquidity is null ? 0.0 : MatchedRateUnchecked(liquidity, amortisation, termYears, paymentsPerYear, clientRate);
        return new FtpRate(baseRate, premium);
    }

    internal static double MatchedRateUnchecked(FundingCurve curve, Amortisation amortisation, double termYears, int paymentsPerYear, double clientRate)
    {
        if (amortisation == Amortisation.Bullet || curve.Count == 1)
        {
            return curve.RateAtUnchecked(termYears);
        }

        int n = Payments(termYears, paymentsPerYear);
        double step = termYears / n;
        double growth = amortisation == Amortisation.Annuity ? 1.0 + (clientRate * step) : 1.0;
        var weighted = default(NeumaierSum);
        var weights = default(NeumaierSum);

        // Relative size of the i-th repayment: (1 + j)^(i-1) for an annuity, 1 for linear. Walk from the largest
        // repayment down so that the factor only shrinks (no overflow for long, high-rate annuities).
        bool forward = growth <= 1.0;
        double principal = 1.0;
        int segment = forward ? 0 : curve.Count;
        for (int s = 0; s < n; s++)
        {
            int i = forward ? s + 1 : n - s;
            double t = i == n ? termYears : i * step;
            double w = principal * t;
            weighted.Add(w * curve.RateAtWalking(t, ref segment));
            weights.Add(w);
            principal = forward ? principal * growth : principal / growth;
        }

        return weighted.Value / weights.Value;
    }

    private static int Payments(double termYears, int paymentsPerYear) => Math.Max(1, (int)Math.Round(termYears * paymentsPerYear, MidpointRounding.AwayFromZero));

    private static void Check(Amortisation amortisation, double termYears, double repricingYears, int paymentsPerYear, double clientRate)
    {
        if (Rule(amortisation, termYears, repricingYears, paymentsPerYear, clientRate) is string rule)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(termYears), "The loan's transfer-pricing inputs are invalid: " + rule + ".");
        }
    }
}
