namespace ValueCore.Migration;

/// <summary>Options of <see cref="MigrationEstimation.Run"/>: the method, its period and window, the PD horizon and the bootstrap.</summary>
public sealed record MigrationEstimateOptions
{
    /// <summary>The defaults: cohort, one-year periods, count weighting, pooled, the whole history, 10 years, no bootstrap.</summary>
    public static MigrationEstimateOptions Default { get; } = new();

    /// <summary>The estimator (default <see cref="MigrationMethod.Cohort"/>).</summary>
    public MigrationMethod Method { get; init; } = MigrationMethod.Cohort;

    /// <summary>The period in years (default 1): cohort periods, or the duration matrix exp(Lambda x period); Aalen-Johansen
    /// ignores it (its matrix covers the window).</summary>
    public double PeriodYears { get; init; } = 1.0;

    /// <summary>Cohort weighting (default count); balance weighting needs balances in the history.</summary>
    public CohortWeighting Weighting { get; init; } = CohortWeighting.Count;

    /// <summary>Cohort aggregation (default pooled).</summary>
    public CohortAggregation Aggregation { get; init; } = CohortAggregation.Pooled;

    /// <summary>The window start in the history's time unit (day number for dates); null for the first observation.</summary>
    public double? From { get; init; }

    /// <summary>The window end in the history's time unit; null for the last observation.</summary>
    public double? To { get; init; }

    /// <summary>The PD term structure's horizon in years, in [1, 1000] (default 10). Aalen-Johansen's curve stops at the
    /// window's last whole year.</summary>
    public int Years { get; init; } = 10;

    /// <summary>Bootstrap replicates: 0 (default) for none, else in [2, 100000].</summary>
    public int BootstrapReplicates { get; init; }

    /// <summary>What the bootstrap resamples (default entities); <see cref="BootstrapKind.Period"/> needs the cohort method.</summary>
    public BootstrapKind BootstrapKind { get; init; } = BootstrapKind.Entity;

    /// <summary>Where the bootstrap replicates done so far are reported (one report per replicate, out of
    /// <see cref="BootstrapReplicates"/>); null: nowhere. Results do not depend on it.</summary>
    public IProgress<long>? BootstrapProgress { get; init; }

    /// <summary>The bootstrap seed (default 1).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The two-sided confidence level of the bootstrap intervals, in (0, 1) (default 0.95).</summary>
    public double Confidence { get; init; } = 0.95;
}
