namespace ValueCore.Capital;

/// <summary>An external credit rating on the S&amp;P/Fitch scale (loan-book column <c>rating</c>, e.g. <c>AA-</c>), which
/// selects the standardised risk weight of rated sovereigns, banks and corporates (CRE20.7, CRE20.16, CRE20.42).</summary>
public enum CreditRating : byte
{
    /// <summary>No external rating.</summary>
    Unrated = 0,

    /// <summary>AAA.</summary>
    Aaa,

    /// <summary>AA+.</summary>
    AaPlus,

    /// <summary>AA.</summary>
    Aa,

    /// <summary>AA-.</summary>
    AaMinus,

    /// <summary>A+.</summary>
    APlus,

    /// <summary>A.</summary>
    A,

    /// <summary>A-.</summary>
    AMinus,

    /// <summary>BBB+.</summary>
    BbbPlus,

    /// <summary>BBB.</summary>
    Bbb,

    /// <summary>BBB-.</summary>
    BbbMinus,

    /// <summary>BB+.</summary>
    BbPlus,

    /// <summary>BB.</summary>
    Bb,

    /// <summary>BB-.</summary>
    BbMinus,

    /// <summary>B+.</summary>
    BPlus,

    /// <summary>B.</summary>
    B,

    /// <summary>B-.</summary>
    BMinus,

    /// <summary>CCC+.</summary>
    CccPlus,

    /// <summary>CCC.</summary>
    Ccc,

    /// <summary>CCC-.</summary>
    CccMinus,

    /// <summary>CC.</summary>
    Cc,

    /// <summary>C.</summary>
    C,

    /// <summary>D (in default).</summary>
    D,
}
