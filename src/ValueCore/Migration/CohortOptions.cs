namespace ValueCore.Migration;

/// <summary>Options of <see cref="CohortEstimator"/>.</summary>
public sealed record CohortOptions
{
    /// <summary>The period length in years (default 1). For date histories 12 x PeriodYears must be a whole number of months: periods step by calendar months from the window start.</summary>
    public double PeriodYears { get; init; } = 1.0;

    /// <summary>Count or balance weighting (default count).</summary>
    public CohortWeighting Weighting { get; init; } = CohortWeighting.Count;

    /// <summary>Pooled or averaged matrix (default pooled); every period's matrix is also reported.</summary>
    public CohortAggregation Aggregation { get; init; } = CohortAggregation.Pooled;

    /// <summary>The first period start in the history's time unit (day number for dates); null for the first observation time.</summary>
    public double? From { get; init; }

    /// <summary>The latest period end allowed, in the history's time unit; null for the last observation time.</summary>
    public double? To { get; init; }
}
