namespace ValueCore.Migration;

/// <summary>How the period matrices of a cohort estimate are combined.</summary>
public enum CohortAggregation
{
    /// <summary>Sum over periods of the counts from i to j over the sum over periods of the entities in i at the start (default).</summary>
    Pooled = 0,

    /// <summary>The average of the period matrices, row by row over the periods in which the row was observed.</summary>
    Average = 1,
}
