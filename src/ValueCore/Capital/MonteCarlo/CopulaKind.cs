namespace ValueCore.Capital.MonteCarlo;

/// <summary>The dependence structure of the obligors' asset values.</summary>
public enum CopulaKind
{
    /// <summary>Gaussian copula: A_i = b_i' Z + sqrt(1 - b_i' Sigma b_i) eps_i, default when A_i &lt; G(PD_i).</summary>
    Gaussian = 0,

    /// <summary>Student-t copula: the Gaussian asset value divided by sqrt(W / nu), W chi-square with nu degrees of freedom, default when it is below t_nu^-1(PD_i).</summary>
    StudentT = 1,
}
