namespace ValueCore.Provisions;

/// <summary>How the exposure at default runs off over a loan's remaining term (the EAD_t of an expected-credit-loss sum).</summary>
/// <remarks>With s the time elapsed and T the remaining term (years): bullet EAD(s) = E; linear EAD(s) = E (1 - s / T);
/// annuity EAD(s) = E (1 - v^(T - s)) / (1 - v^T), v = 1 / (1 + EIR), the outstanding principal of a level annuity at the
/// effective interest rate (linear when EIR = 0).</remarks>
public enum EadProfile
{
    /// <summary>The whole balance is repaid at maturity: EAD_t = E.</summary>
    Bullet = 0,

    /// <summary>Equal principal repayments: EAD(s) = E (1 - s / T).</summary>
    Linear = 1,

    /// <summary>Level annuity at the EIR: EAD(s) = E (1 - v^(T - s)) / (1 - v^T).</summary>
    Annuity = 2,
}
