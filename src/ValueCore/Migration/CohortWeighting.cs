namespace ValueCore.Migration;

/// <summary>How entities are weighted in a cohort estimate.</summary>
public enum CohortWeighting
{
    /// <summary>Each entity counts 1.</summary>
    Count = 0,

    /// <summary>Each entity counts its balance at the period start (needs balances).</summary>
    Balance = 1,
}
