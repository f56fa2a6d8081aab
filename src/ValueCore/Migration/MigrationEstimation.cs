using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// Migration estimation for a history in one call: the estimator the options name, the PD term structure of its result,
/// and optionally bootstrap intervals. What <c>valuecore migration estimate</c> writes comes from this call.
/// </summary>
/// <remarks>Build the history from records with <see cref="RatingHistory.FromRecords"/> (or read it with the CSV reader).
/// Deterministic: the result depends on the history and the options only, not on the thread count.</remarks>
public static class MigrationEstimation
{
    /// <summary>Estimates the migration matrix, its PD term structure and (optionally) bootstrap intervals.</summary>
    /// <param name="history">The histories.</param>
    /// <param name="options">The options (default <see cref="MigrationEstimateOptions.Default"/>).</param>
    /// <returns>The estimate, the PD curve and the intervals.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range.</exception>
    /// <exception cref="ArgumentException">Balance weighting without balances in the history, or a period bootstrap with a
    /// method other than cohort.</exception>
    /// <exception cref="InvalidOperationException">The window holds no complete period or no observation, or an
    /// Aalen-Johansen window shorter than one year (no PD curve).</exception>
    public static MigrationEstimationResult Run(RatingHistory history, MigrationEstimateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        options ??= MigrationEstimateOptions.Default;
        if (options.Years is < 1 or > 1000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options.Years), options.Years, "[1, 1000]");
        }

        if (options.BootstrapReplicates != 0 && options.BootstrapReplicates is < 2 or > 100000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options.BootstrapReplicates), options.BootstrapReplicates, "0 or [2, 100000]");
        }

        if (options.Weighting == CohortWeighting.Balance && !history.HasBalance)
        {
            ThrowHelper.Argument(nameof(history), "Balance weighting needs balances: the history has no balance column.");
        }

        if (options.BootstrapKind == BootstrapKind.Period && options.Method != MigrationMethod.Cohort)
        {
            ThrowHelper.Argument(nameof(options), "The period bootstrap resamples cohort periods: it needs the cohort method.");
        }

        MigrationEstimator estimator = options.Method switch
        {
            MigrationMethod.Cohort => new CohortEstimator(new CohortOptions
            {
                PeriodYears = options.PeriodYears,
                From = options.From,
                To = options.To,
                Weighting = options.Weighting,
                Aggregation = options.Aggregation,
            }),
            MigrationMethod.Duration => new DurationEstimator(new EstimationWindow { From = options.From, To = options.To, PeriodYears = options.PeriodYears }),
            MigrationMethod.AalenJohansen => new AalenJohansenEstimator(new EstimationWindow { From = options.From, To = options.To }),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Method, "Unknown migration method."),
        };

        var estimate = estimator.Estimate(history);

        // Aalen-Johansen is non-homogeneous: its curve is P(S, S + t) inside the window, never extrapolated.
        PDTermStructure curve;
        if (estimator is AalenJohansenEstimator aj)
        {
            var path = aj.EstimateYears(history, options.Years);
            if (path.Count == 0)
            {
                ThrowHelper.InvalidOperation("The Aalen-Johansen window is shorter than one year: no PD curve.");
            }

            curve = PDTermStructure.FromCumulativeMatrices(path);
        }
        else
        {
            curve = PDTermStructure.Compute(estimate.Model, options.Years);
        }

        var intervals = options.BootstrapReplicates > 0
            ? MigrationBootstrap.Run(history, estimator, options.BootstrapReplicates, options.Seed, options.Years, options.Confidence, options.BootstrapKind, options.BootstrapProgress)
            : null;
        return new MigrationEstimationResult(history, options, estimate, curve, intervals);
    }
}
