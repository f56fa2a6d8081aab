namespace ValueCore.Capital;

/// <summary>The rank of a claim (loan-book column <c>seniority</c>), which selects the foundation IRB supervisory LGD.</summary>
public enum Seniority : byte
{
    /// <summary>A senior claim (CRE32.6: 40% corporates, 45% sovereigns, banks and financial institutions).</summary>
    Senior = 0,

    /// <summary>A subordinated claim (CRE32.7: 75%).</summary>
    Subordinated = 1,
}
