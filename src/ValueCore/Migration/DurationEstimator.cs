using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// The duration (maximum-likelihood generator) estimator of Lando and Skodeberg: lambda_ij = N_ij / R_i, N_ij the
/// number of transitions from i to j inside the window and R_i the total time spent in i inside the window (years).
/// </summary>
/// <remarks>
/// <para>Source: Lando and Skodeberg, "Analyzing rating transitions and rating drift with continuous observations",
/// Journal of Banking &amp; Finance 26 (2002) 423-444, eq. (2); Kuechler and Sorensen (1997). The matrix reported is
/// exp(Lambda x period); any other horizon is <see cref="Generator.Over"/>.</para>
/// <para>An entity contributes time in state s_r from its row r to its next row (clipped to the window) and a
/// transition at the next row's time when the state differs and the row is not a censoring row; time after its
/// last row is not counted (withdrawal). Exposure is counted in years (days / 365.25 for date histories).</para>
/// <para>Chunks of entities are reduced in fixed order: bit-identical results for any number of threads.</para>
/// </remarks>
public sealed class DurationEstimator : MigrationEstimator
{
    private const int ChunkEntities = 16384;

    /// <summary>Creates the estimator.</summary>
    /// <param name="window">The window and reported period (default: whole history, one year).</param>
    public DurationEstimator(EstimationWindow? window = null) => Window = window ?? new EstimationWindow();

    /// <summary>The window.</summary>
    public EstimationWindow Window { get; }

    internal override MigrationEstimate Estimate(RatingHistory history, double[]? entityWeights)
    {
        var (from, to) = Window.Resolve(history);
        int n = history.States.Count;
        int slots = history.EntitySlots;
        int chunks = (slots + ChunkEntities - 1) / ChunkEntities;
        var partial = new double[chunks][];
        Parallel.For(0, chunks, MigrationParallelism.Options, c =>
        {
            // Layout: n*n transition counts, then n exposure totals (history time units).
            var acc = new double[(n * n) + n];
            var time = history.Time;
            var state = history.State;
            int e1 = Math.Min(slots, (c + 1) * ChunkEntities);
            for (int e = c * ChunkEntities; e < e1; e++)
            {
                double w = entityWeights is null ? 1.0 : entityWeights[e];
                if (w == 0)
                {
                    continue;
                }

                int b = history.EntityStart[e + 1];
                for (int r = history.EntityStart[e]; r + 1 < b; r++)
                {
                    int s = state[r];
                    double t0 = Math.Max(time[r], from);
                    double t1 = Math.Min(time[r + 1], to);
                    if (t1 > t0)
                    {
                        acc[(n * n) + s] += w * (t1 - t0);
                    }

                    int s1 = state[r + 1];
                    if (s1 != RatingHistory.CensoredCode && s1 != s && time[r + 1] > from && time[r + 1] <= to)
                    {
                        acc[(s * n) + s1] += w;
                    }
                }
            }

            partial[c] = acc;
        });

        var total = new double[(n * n) + n];
        foreach (var acc in partial)
        {
            for (int k = 0; k < total.Length; k++)
            {
                total[k] += acc[k];
            }
        }

        var states = history.States;
        var q = new double[n * n];
        var exposure = new double[n];
        var exits = new double[n];
        var unobserved = new List<string>();
        for (int i = 0; i < n; i++)
        {
            exposure[i] = history.ToYears(total[(n * n) + i]);
            for (int j = 0; j < n; j++)
            {
                exits[i] += total[(i * n) + j];
            }

            if (states.IsAbsorbing(i))
            {
                continue;
            }

            if (exposure[i] > 0)
            {
                for (int j = 0; j < n; j++)
                {
                    if (j != i)
                    {
                        q[(i * n) + j] = total[(i * n) + j] / exposure[i];
                        q[(i * n) + i] -= q[(i * n) + j];
                    }
                }
            }
            else
            {
                unobserved.Add(states[i]);
            }
        }

        var generator = Generator.FromRowMajor(states, q);
        var counts = To2D(total.AsSpan(0, n * n).ToArray(), n);
        return new MigrationEstimate(generator.Over(Window.PeriodYears), generator, counts, exits, exposure, unobserved.AsReadOnly(), [], from, to);
    }
}
