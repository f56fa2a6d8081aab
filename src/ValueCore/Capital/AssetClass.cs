namespace ValueCore.Capital;

/// <summary>Basel IRB asset classes; each selects its correlation function and maturity treatment.</summary>
public enum AssetClass : byte
{
    /// <summary>Corporate exposures (Basel II para 272): PD-dependent correlation 12%..24%, maturity adjustment.</summary>
    Corporate = 0,

    /// <summary>Sovereign exposures: the corporate formula without firm-size adjustment; no PD floor.</summary>
    Sovereign = 1,

    /// <summary>Bank exposures: the corporate formula without firm-size adjustment.</summary>
    Bank = 2,

    /// <summary>Corporate exposures to small and medium-sized entities: the corporate formula with the firm-size adjustment (para 273) when annual sales are given and below EUR 50m.</summary>
    Sme = 3,

    /// <summary>Residential mortgage exposures (para 328): R = 0.15, no maturity adjustment.</summary>
    RetailMortgage = 4,

    /// <summary>Qualifying revolving retail exposures (para 329): R = 0.04, no maturity adjustment.</summary>
    RetailRevolving = 5,

    /// <summary>Other retail exposures (para 330): PD-dependent correlation 3%..16%, no maturity adjustment.</summary>
    RetailOther = 6,
}
