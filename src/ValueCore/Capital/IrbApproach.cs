namespace ValueCore.Capital;

/// <summary>How a loan's regulatory capital is computed under Basel III (loan-book column <c>approach</c>).</summary>
public enum IrbApproach : byte
{
    /// <summary>Advanced IRB: the bank's own PD, LGD and EAD, subject to the Basel III input floors (CRE32.16-17, CRE32.27).</summary>
    Advanced = 0,

    /// <summary>Foundation IRB: own PD, supervisory LGD (CRE32.6-11) and M = 2.5 (CRE32.44).</summary>
    Foundation = 1,

    /// <summary>The standardised approach (CRE20-22): the loan counts in the IRB-side RWA at its standardised amount.</summary>
    Standardised = 2,
}
