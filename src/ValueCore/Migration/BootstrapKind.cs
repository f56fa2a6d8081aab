namespace ValueCore.Migration;

/// <summary>What <see cref="MigrationBootstrap"/> resamples.</summary>
public enum BootstrapKind
{
    /// <summary>Entities, independently, with replacement (default): right when entities migrate independently of each other.</summary>
    Entity = 0,

    /// <summary>Whole observation periods (cohort periods), with replacement, each period's cross-section kept together (a
    /// block bootstrap): it keeps the correlation of migrations and defaults within a period (a common credit cycle).
    /// Cohort estimator only.</summary>
    Period = 1,
}
