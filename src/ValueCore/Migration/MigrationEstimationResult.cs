namespace ValueCore.Migration;

/// <summary>What <see cref="MigrationEstimation.Run"/> found: the estimate (matrix, counts, generator, cohort periods),
/// the PD term structure, and the bootstrap intervals when asked for.</summary>
public sealed class MigrationEstimationResult
{
    internal MigrationEstimationResult(RatingHistory history, MigrationEstimateOptions options, MigrationEstimate estimate, PDTermStructure curve,
        BootstrapIntervals? intervals)
    {
        History = history;
        Options = options;
        Estimate = estimate;
        PDCurve = curve;
        Intervals = intervals;
    }

    /// <summary>The history estimated from (its observation, entity, transition and censoring counts).</summary>
    public RatingHistory History { get; }

    /// <summary>The options used.</summary>
    public MigrationEstimateOptions Options { get; }

    /// <summary>The estimate: matrix, counts, row totals, exposure years, generator (duration), cohort periods, window.</summary>
    public MigrationEstimate Estimate { get; }

    /// <summary>The cumulative and marginal PD term structure per state: of the estimate's model for cohort and duration,
    /// P(s, s + t) inside the window for Aalen-Johansen (then <see cref="PDTermStructure.Years"/> may be below
    /// <see cref="MigrationEstimateOptions.Years"/>).</summary>
    public PDTermStructure PDCurve { get; }

    /// <summary>The bootstrap's percentile intervals; null without a bootstrap.</summary>
    public BootstrapIntervals? Intervals { get; }
}
