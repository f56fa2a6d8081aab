namespace ValueCore.Impairment;

/// <summary>Conditions noted on a loan's impairment result.</summary>
[Flags]
public enum ImpairmentNote
{
    /// <summary>Nothing to note.</summary>
    None = 0,

    /// <summary>The present value of expected cash flows exceeds the carrying amount: the allowance is zero, never negative.</summary>
    PvAboveCarrying = 1,

    /// <summary>The loan has no cash-flow scenario and was valued at PV 0 because the options allow it.</summary>
    NoScenariosZeroPv = 2,

    /// <summary>Expected costs exceed expected recoveries (PV &lt; 0): the allowance is capped at the carrying amount; the excess is not an allowance (IFRS 9 5.5.3 measures losses on the asset only).</summary>
    NegativePvCapped = 4,
}
