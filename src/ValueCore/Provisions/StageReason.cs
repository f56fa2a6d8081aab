namespace ValueCore.Provisions;

/// <summary>Why a loan is in its IFRS 9 stage (the first rule that applied, in the order listed).</summary>
public enum StageReason
{
    /// <summary>Stage 1: no significant increase in credit risk since origination.</summary>
    Performing = 0,

    /// <summary>The stage was given by the book (a <c>stage</c> column).</summary>
    Override = 1,

    /// <summary>Stage 3: the classification is a default state.</summary>
    DefaultState = 2,

    /// <summary>Stage 3: more than the credit-impaired days-past-due threshold (90 by default; IFRS 9 B5.5.37).</summary>
    DaysPastDue90 = 3,

    /// <summary>Stage 2: the classification is a watch state (for example special mention).</summary>
    WatchState = 4,

    /// <summary>Stage 2: more than the SICR days-past-due backstop (30 by default; IFRS 9 5.5.11).</summary>
    DaysPastDue30 = 5,

    /// <summary>Stage 2: the lifetime PD rose above the origination expectation by both thresholds (IFRS 9 B5.5.11-13).</summary>
    LifetimePDIncrease = 6,
}
