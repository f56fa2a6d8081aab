namespace ValueCore.Migration;

/// <summary>An estimator of migration matrices from rating histories: <see cref="CohortEstimator"/>, <see cref="DurationEstimator"/>, <see cref="AalenJohansenEstimator"/>.</summary>
public abstract class MigrationEstimator
{
    private protected MigrationEstimator()
    {
    }

    /// <summary>Estimates the migration matrix from histories.</summary>
    /// <param name="history">The histories.</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">The history does not fit the options (e.g. balance weighting without balances).</exception>
    /// <exception cref="InvalidOperationException">The window holds no complete period or no observation.</exception>
    public MigrationEstimate Estimate(RatingHistory history)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Estimate(history, null);
    }

    /// <summary>The estimate with per-entity weights (bootstrap multiplicities); null = 1 each.</summary>
    internal abstract MigrationEstimate Estimate(RatingHistory history, double[]? entityWeights);

    internal static TransitionMatrix MatrixFromCounts(StateSpace states, double[] counts, double[] rowTotals, double periodYears, List<string> unobserved)
    {
        int n = states.Count;
        var p = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            if (rowTotals[i] > 0)
            {
                for (int j = 0; j < n; j++)
                {
                    p[(i * n) + j] = counts[(i * n) + j] / rowTotals[i];
                }
            }
            else
            {
                p[(i * n) + i] = 1.0;
                if (!states.IsAbsorbing(i))
                {
                    unobserved.Add(states[i]);
                }
            }
        }

        return TransitionMatrix.FromRowMajor(states, p, periodYears, computed: true);
    }

    internal static double[,] To2D(double[] a, int n)
    {
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                m[i, j] = a[(i * n) + j];
            }
        }

        return m;
    }
}
