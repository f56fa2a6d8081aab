namespace ValueCore.Risk.Operational;

/// <summary>Why the internal loss multiplier has its value.</summary>
public enum IlmBasis
{
    /// <summary>ILM = ln(e - 1 + (LC / BIC)^0.8) from the bank's losses (OPE25.8).</summary>
    Formula = 0,

    /// <summary>ILM = 1 because the bank is in bucket 1 (OPE25.11).</summary>
    BucketOne = 1,

    /// <summary>ILM = 1 because no loss data were given.</summary>
    NoLosses = 2,

    /// <summary>The value was set by the user (the supervisor's choice, OPE25.11).</summary>
    UserSet = 3,
}
