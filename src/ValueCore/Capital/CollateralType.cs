namespace ValueCore.Capital;

/// <summary>The kind of collateral securing a loan (loan-book column <c>collateral_type</c>), as CRE32.9 and CRE32.16 distinguish them.</summary>
public enum CollateralType : byte
{
    /// <summary>No recognised collateral.</summary>
    None = 0,

    /// <summary>Cash on deposit: eligible financial collateral with haircut 0 (CRE22.49: cash in the same currency).</summary>
    Cash = 1,

    /// <summary>Other eligible financial collateral (CRE22.37-39), with the haircut the loan gives (CRE22.49-50).</summary>
    Financial = 2,

    /// <summary>Eligible receivables (CRE32.9: LGD_S 20%, haircut 40%).</summary>
    Receivables = 3,

    /// <summary>Eligible residential real estate (CRE32.9: LGD_S 20%, haircut 40%).</summary>
    ResidentialRealEstate = 4,

    /// <summary>Eligible commercial real estate (CRE32.9: LGD_S 20%, haircut 40%).</summary>
    CommercialRealEstate = 5,

    /// <summary>Other eligible physical collateral (CRE32.9: LGD_S 25%, haircut 40%).</summary>
    OtherPhysical = 6,
}
