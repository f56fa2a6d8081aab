namespace ValueCore.Schedules;

/// <summary>How a loan's principal is repaid: the one repayment-type concept of the library, used by contractual schedules,
/// transfer pricing, the loan book and impairment; its text form is read and written by <see cref="AmortisationLabels"/>.</summary>
/// <remarks><c>ValueCore.Provisions.EadProfile</c> names the same three profiles for the run-off of an expected-credit-loss
/// sum (docs/conventions.md, "The valuation engine").</remarks>
public enum Amortisation
{
    /// <summary>Interest every period and the whole principal at maturity (or, for the interest-rate part of a transfer
    /// price, at the repricing date).</summary>
    Bullet = 0,

    /// <summary>Equal principal repayments every period plus interest on the outstanding balance.</summary>
    Linear = 1,

    /// <summary>Level payments (principal plus interest) every period at the client rate; the French or mortgage-style annuity.</summary>
    Annuity = 2,
}
