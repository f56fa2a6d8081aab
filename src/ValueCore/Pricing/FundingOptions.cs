using System.Globalization;
using ValueCore.Internal;
using ValueCore.Portfolio;
using ValueCore.Schedules;

namespace ValueCore.Pricing;

/// <summary>The funding curves a valuation derives a loan's transfer price from when the loan gives none: matched
/// maturity over the loan's term, repayment profile and repricing term (<see cref="TransferPricing.Rate(FundingCurve, FundingCurve?, Amortisation, double, double, int, double)"/>).</summary>
/// <remarks>Set it as <c>ValueCore.Portfolio.ValuationOptions.Funding</c>: a loan with a transfer price keeps it; one
/// without takes base rate + liquidity premium from these curves. The batch derives <c>ftp_rate</c> through the same
/// rule, so a book read from a file and the same book built in memory get the same bits.</remarks>
public sealed record FundingOptions
{
    private readonly FundingCurve _curve = null!;
    private readonly int _paymentsPerYear = 12;

    /// <summary>The funding (base-rate) curve.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public required FundingCurve Curve
    {
        get => _curve;
        init => _curve = value ?? throw new ArgumentNullException(nameof(Curve));
    }

    /// <summary>The liquidity-premium curve; null (default) for no premium.</summary>
    public FundingCurve? LiquidityCurve { get; init; }

    /// <summary>Principal payments a year of amortising loans, in [1, 366]; default 12.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside [1, 366].</exception>
    public int PaymentsPerYear
    {
        get => _paymentsPerYear;
        init
        {
            if (value is < 1 or > TransferPricing.MaxPaymentsPerYear)
            {
                ThrowHelper.ArgumentOutOfRange(nameof(PaymentsPerYear), value, "[1, 366]");
            }

            _paymentsPerYear = value;
        }
    }

    /// <summary>The rule a loan without a transfer price and without a term (nor an effective maturity) breaks.</summary>
    internal const string TermRequiredRule = "is required to derive the transfer price from the funding curve (the loan has no ftp_rate, and no term, which would be used first)";

    /// <summary>The rule a loan's inputs break for a derived transfer price, or null (shared with the CSV readers).</summary>
    internal string? Rule(Amortisation amortisation, double termYears, double repricingYears, double clientRate) =>
        TransferPricing.Rule(amortisation, termYears, repricingYears, PaymentsPerYear, clientRate);

    /// <summary>The derived transfer price as a function of the client rate, for solving an annuity's price (its repayment
    /// profile, hence its FTP, depends on the rate); a rate for which the annuity is undefined gets the linear profile's FTP.</summary>
    internal Func<double, double> RateOfClientRate(Amortisation amortisation, double termYears, double repricingYears) =>
        r => Rule(amortisation, termYears, repricingYears, r) is null
            ? RateUnchecked(amortisation, termYears, repricingYears, r)
            : RateUnchecked(Amortisation.Linear, termYears, repricingYears, 0.0);

    /// <summary>The derived transfer price, base rate + liquidity premium, of inputs that obey <see cref="Rule"/>.</summary>
    internal double RateUnchecked(Amortisation amortisation, double termYears, double repricingYears, double clientRate)
    {
        var ftp = PartsUnchecked(amortisation, termYears, repricingYears, clientRate);
        return ftp.BaseRate + ftp.LiquidityPremium;
    }

    /// <summary>The derived transfer price in its parts, of inputs that obey <see cref="Rule"/>.</summary>
    internal FtpRate PartsUnchecked(Amortisation amortisation, double termYears, double repricingYears, double clientRate) =>
        TransferPricing.RateUnchecked(Curve, LiquidityCurve, amortisation, termYears, repricingYears, PaymentsPerYear, clientRate);

    /// <summary>The derived transfer price of loan <paramref name="i"/> of a book from its term (else maturity), repayment
    /// profile, repricing term and client rate; or the issue (1-based record) that prevents it.</summary>
    internal DataIssue? TryRate(LoanBook book, int i, out FtpRate rate)
    {
        var amortisation = book.Amortisation.IsEmpty ? Amortisation.Bullet : book.Amortisation[i];
        double term = book.TermYears[i], repricing = book.RepricingYears.IsEmpty ? double.NaN : book.RepricingYears[i];
        rate = default;
        if (double.IsNaN(term))
        {
            return new DataIssue(i + 1, LoanColumns.Maturity, "", TermRequiredRule);
        }

        if (Rule(amortisation, term, repricing, book.Rate[i]) is string rule)
        {
            return new DataIssue(i + 1, LoanColumns.Term, term.ToString("R", CultureInfo.InvariantCulture), rule);
        }

        rate = PartsUnchecked(amortisation, term, repricing, book.Rate[i]);
        return null;
    }
}
