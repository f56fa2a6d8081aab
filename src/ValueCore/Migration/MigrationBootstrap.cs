using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// Seeded bootstrap of any migration estimator by resampling entities with replacement (Efron and Tibshirani, An
/// Introduction to the Bootstrap, 1993, chapters 6 and 13), or of the cohort estimator by resampling whole observation
/// periods (a block bootstrap, <see cref="BootstrapKind.Period"/>): percentile intervals for every matrix entry and for the
/// cumulative PDs of years 1..T.
/// </summary>
/// <remarks>
/// <para>Replicate b draws as many entities as the history has (with replacement) from a SplitMix64 stream seeded by
/// (seed, b), re-estimates with the drawn multiplicities as entity weights, and records the matrix and the PD term
/// structure of the estimate's model (Aalen-Johansen: P(s, s + t) inside the window, as many whole years as it holds). Percentiles use linear interpolation between order statistics (type 7). The
/// result depends only on the history, the estimator, the seed and the replicate count, not on the thread count.</para>
/// <para>Period bootstrap (cohort estimator only): replicate b draws as many periods as the window holds (with
/// replacement, from the same kind of seeded stream) and re-aggregates the periods' counts with the drawn multiplicities
/// as period weights, so every entity of a period is drawn together with it. Migrations that share a period's credit
/// cycle (defaults of one year that happen together) then vary between replicates as they vary between periods; the
/// entity bootstrap, which treats every entity as independent, understates that variance (Kuensch, Annals of Statistics
/// 17 (1989) 1217-1241, for the block bootstrap of dependent data; Efron and Tibshirani 1993, section 8.6). With K periods
/// the pooled matrix can take at most C(2K - 1, K) values: with few periods the interval is coarse.</para>
/// <para>A non-absorbing state absent from a replicate gets the unit row in that replicate (see <see cref="MigrationEstimate"/>).</para>
/// </remarks>
public static class MigrationBootstrap
{
    /// <summary>Runs the bootstrap.</summary>
    /// <param name="history">The histories.</param>
    /// <param name="estimator">The estimator (its options are kept).</param>
    /// <param name="replicates">The number of replicates, in [2, 100000].</param>
    /// <param name="seed">The seed.</param>
    /// <param name="years">The PD horizon T in years, in [1, 1000].</param>
    /// <param name="confidence">The two-sided confidence level, in (0, 1) (default 0.95).</param>
    /// <param name="kind">What is resampled: entities (default) or whole periods (cohort estimator only).</param>
    /// <returns>The intervals.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="ArgumentException"><paramref name="kind"/> is <see cref="BootstrapKind.Period"/> and the estimator is not a
    /// <see cref="CohortEstimator"/>.</exception>
    public static BootstrapIntervals Run(RatingHistory history, MigrationEstimator estimator, int replicates, ulong seed, int years, double confidence = 0.95,
        BootstrapKind kind = BootstrapKind.Entity) => Run(history, estimator, replicates, seed, years, confidence, kind, null);

    /// <summary>As the public <c>Run</c>, reporting the replicates done to <paramref name="progress"/> (one report per replicate).</summary>
    internal static BootstrapIntervals Run(RatingHistory history, MigrationEstimator estimator, int replicates, ulong seed, int years, double confidence,
        BootstrapKind kind, IProgress<long>? progress)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(estimator);
        if (kind is not (BootstrapKind.Entity or BootstrapKind.Period))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(kind), (int)kind, "Entity or Period");
        }

        if (kind == BootstrapKind.Period && estimator is not CohortEstimator)
        {
            ThrowHelper.Argument(nameof(kind), "The period bootstrap resamples cohort periods: it needs the cohort estimator.");
        }

        if (replicates < 2 || replicates > 100000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(replicates), replicates, "[2, 100000]");
        }

        if (years < 1 || years > 1000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[1, 1000]");
        }

        if (!(confidence > 0 && confidence < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(confidence), confidence, "(0, 1)");
        }

        var present = new List<int>();
        for (int e = 0; e < history.EntitySlots; e++)
        {
            if (history.EntityStart[e + 1] > history.EntityStart[e])
            {
                present.Add(e);
            }
        }

        int n = history.States.Count;
        if (estimator is AalenJohansenEstimator aj)
        {
            // Non-homogeneous: the PD intervals cover the whole years of the window only.
            years = Math.Min(years, aj.EstimateYears(history, years).Count);
            if (years == 0)
            {
                ThrowHelper.InvalidOperation("The Aalen-Johansen window is shorter than one year: no PD intervals.");
            }
        }

        var matrices = new double[n * n][];
        var pds = new double[n * years][];
        for (int k = 0; k < matrices.Length; k++)
        {
            matrices[k] = new double[replicates];
        }

        for (int k = 0; k < pds.Length; k++)
        {
            pds[k] = new double[replicates];
        }

        // Period bootstrap: the periods' counts once; each replicate re-weights whole periods.
        var cohort = estimator as CohortEstimator;
        double[] periodCounts = [];
        int periods = 0;
        if (kind == BootstrapKind.Period)
        {
            periodCounts = cohort!.PeriodCounts(history, null, out var bounds);
            periods = bounds.Length - 1;
        }

        var weights = new double[kind == BootstrapKind.Period ? periods : history.EntitySlots];
        for (int b = 0; b < replicates; b++)
        {
            Array.Clear(weights);
            ulong s = Mix(seed ^ Mix((ulong)b + 0x9E3779B97F4A7C15UL));
            int draws = kind == BootstrapKind.Period ? periods : present.Count;
            for (int d = 0; d < draws; d++)
            {
                s += 0x9E3779B97F4A7C15UL;
                ulong z = Mix(s);
                int pick = (int)(((z >> 11) * (double)draws) / (1UL << 53));
                weights[kind == BootstrapKind.Period ? pick : present[pick]] += 1.0;
            }

            var matrix = kind == BootstrapKind.Period
                ? cohort!.Aggregate(history.States, periodCounts, periods, weights, [])
                : null;
            var est = matrix is null ? estimator.Estimate(history, weights) : null;
            matrix ??= est!.Matrix;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    matrices[(i * n) + j][b] = matrix[i, j];
                }
            }

            var curve = est is null ? PDTermStructure.Compute(matrix, years) : TermStructure(history, estimator, est, years, weights);
            for (int i = 0; i < n; i++)
            {
                for (int t = 1; t <= years; t++)
                {
                    pds[(i * years) + t - 1][b] = curve.Cumulative(i, t);
                }
            }

            progress?.Report(b + 1L);
        }

        double lo = (1 - confidence) / 2;
        double hi = 1 - lo;
        var lower = matrices.Select(v => Percentile(v, lo)).ToArray();
        var upper = matrices.Select(v => Percentile(v, hi)).ToArray();
        var pdLower = pds.Select(v => Percentile(v, lo)).ToArray();
        var pdUpper = pds.Select(v => Percentile(v, hi)).ToArray();
        return new BootstrapIntervals(history.States, kind, replicates, confidence, years, lower, upper, pdLower, pdUpper);
    }

    private static PDTermStructure TermStructure(RatingHistory history, MigrationEstimator estimator, MigrationEstimate est, int years, double[] weights) =>
        estimator is AalenJohansenEstimator aj
            ? PDTermStructure.FromCumulativeMatrices(aj.EstimateYears(history, years, weights))
            : PDTermStructure.Compute(est.Model, years);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Type-7 percentile (linear interpolation between order statistics).</summary>
    internal static double Percentile(double[] values, double q)
    {
        var v = (double[])values.Clone();
        Array.Sort(v);
        double h = (v.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, v.Length - 1);
        return v[lo] + ((h - lo) * (v[hi] - v[lo]));
    }
}
