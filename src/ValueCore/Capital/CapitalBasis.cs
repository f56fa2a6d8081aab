namespace ValueCore.Capital;

/// <summary>The capital on which RAROC and EVA are computed.</summary>
public enum CapitalBasis
{
    /// <summary>Economic capital (the IRB formula at the bank's confidence, or an allocated Monte Carlo capital): the default.</summary>
    Economic = 0,

    /// <summary>Regulatory capital: a capital ratio times the floored RWA allocated to the group (RBC20.11 and the add-on's allocation).</summary>
    Regulatory = 1,

    /// <summary>The larger of economic and regulatory capital, group by group: the capital that binds.</summary>
    Binding = 2,
}
