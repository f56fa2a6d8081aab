namespace ValueCore.Pricing;

/// <summary>How a loan's principal is repaid, which sets the cash flows its funding is matched to.</summary>
public enum Amortisation
{
    /// <summary>All principal at maturity (or at the repricing date for the interest-rate part).</summary>
    Bullet = 0,

    /// <summary>Equal principal instalments.</summary>
    Linear = 1,

    /// <summary>Level payments of principal plus interest at the client rate (a French or mortgage-style annuity).</summary>
    Annuity = 2,
}
