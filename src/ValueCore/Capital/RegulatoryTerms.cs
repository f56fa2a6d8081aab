namespace ValueCore.Capital;

/// <summary>
/// The Basel III attributes of one loan beyond PD, LGD, EAD and maturity: approach, collateral, seniority, guarantee,
/// external rating and the flags that select a treatment (docs/methodology.md, sections 9-12). Every property has the
/// value a loan-book cell left empty takes; <see cref="Default"/> is an unsecured, unguaranteed, unrated senior loan on
/// advanced IRB.
/// </summary>
public sealed record RegulatoryTerms
{
    /// <summary>An unsecured, unguaranteed, unrated senior loan on advanced IRB, not to a large financial institution.</summary>
    public static RegulatoryTerms Default { get; } = new();

    /// <summary>How the loan's IRB-side capital is computed; default <see cref="IrbApproach.Advanced"/>.</summary>
    public IrbApproach Approach { get; init; }

    /// <summary>Whether the obligor is a large regulated (total assets &gt;= USD 100bn) or an unregulated financial
    /// institution: the asset correlation is multiplied by 1.25 (CRE31.5) and advanced IRB is not allowed (CRE30.34).</summary>
    public bool LargeFinancialInstitution { get; init; }

    /// <summary>Whether a qualifying revolving retail exposure is a transactor (CRE32.13 and CRE20.67): PD floor 0.05%
    /// instead of 0.10%, standardised risk weight 45%.</summary>
    public bool QrreTransactor { get; init; }

    /// <summary>The collateral securing the loan; default <see cref="CollateralType.None"/>.</summary>
    public CollateralType CollateralType { get; init; }

    /// <summary>The current value of the collateral, in currency, &gt;= 0; default 0.</summary>
    public double CollateralValue { get; init; }

    /// <summary>The haircut H_C of financial collateral, a fraction in [0, 1] (CRE22.49-50); required for
    /// <see cref="CollateralType.Financial"/>, ignored otherwise (cash 0, other kinds 40%: CRE32.9); null when not given.</summary>
    public double? CollateralHaircut { get; init; }

    /// <summary>The rank of the claim; default <see cref="Seniority.Senior"/>.</summary>
    public Seniority Seniority { get; init; }

    /// <summary>The guarantor's one-year PD, in (0, 1); null when the loan has no guarantee.</summary>
    public double? GuarantorPd { get; init; }

    /// <summary>The guarantor's asset class (its correlation and maturity treatment; a sovereign's cover lifts the LGD floors: CRE32.2); default corporate.</summary>
    public AssetClass GuarantorClass { get; init; }

    /// <summary>The guaranteed amount, in currency, in [0, EAD]; default 0.</summary>
    public double GuaranteedAmount { get; init; }

    /// <summary>The obligor's external rating; default <see cref="CreditRating.Unrated"/>.</summary>
    public CreditRating Rating { get; init; }

    /// <summary>The SCRA grade of an unrated bank (CRE20.18-21); default <see cref="ScraGrade.None"/> (weighted as grade C).</summary>
    public ScraGrade ScraGrade { get; init; }

    /// <summary>Whether an unrated corporate is investment grade (CRE20.44: 65%); default false (no loan-book column carries it).</summary>
    public bool InvestmentGrade { get; init; }

    /// <summary>The loan-to-value ratio of a residential mortgage, a fraction &gt; 0 (CRE20.82); null when not given
    /// (the mortgage is then weighted as other retail).</summary>
    public double? Ltv { get; init; }

    /// <summary>Specific provisions held against the loan, in currency, &gt;= 0: the standardised exposure is net of them
    /// (CRE20.1), and a defaulted loan provisioned at 20% or more is weighted 100% (CRE20.89); default 0.</summary>
    public double Provision { get; init; }

    /// <summary>Whether a retail exposure meets the regulatory retail criteria of CRE20.65 (counterparty exposure at most
    /// EUR 1m and at most 0.2% of the regulatory retail portfolio): 75% (45% for transactors), else 100%; default true.
    /// A book run sets it from the whole book (<see cref="StandardisedApproach.RegulatoryRetail"/>).</summary>
    public bool RegulatoryRetail { get; init; } = true;
}
