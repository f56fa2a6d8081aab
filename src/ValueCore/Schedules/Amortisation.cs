namespace ValueCore.Schedules;

/// <summary>How a loan's principal is repaid over its contractual schedule.</summary>
public enum Amortisation
{
    /// <summary>Level payments (principal plus interest) every period; the French or mortgage-style annuity.</summary>
    Annuity = 0,

    /// <summary>Equal principal repayments every period plus interest on the outstanding balance.</summary>
    Linear = 1,

    /// <summary>Interest every period and the whole principal at maturity.</summary>
    Bullet = 2,
}
