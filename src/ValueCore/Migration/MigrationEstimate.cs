namespace ValueCore.Migration;

/// <summary>What a migration estimator found: the matrix, the generator where the method has one, the counts behind them, and the states without observations.</summary>
/// <remarks>
/// <para><see cref="Counts"/>[i, j]: cohort, the (weighted) number of entities in i at a period start and in j at its
/// end, pooled over periods (the diagonal holds the stayers); duration and Aalen-Johansen, the (weighted) number of
/// transitions from i to j inside the window (diagonal 0). <see cref="RowTotals"/>[i]: cohort, the (weighted) number
/// of entities in i at period starts; otherwise the number of transitions out of i. <see cref="ExposureYears"/>[i]:
/// the (weighted) time spent in i inside the window, in years (null for the cohort method).</para>
/// <para>A non-absorbing state without observations (no entity in it at a period start, or no time spent in it)
/// gets the unit row in the matrix (and a zero generator row) and is listed in <see cref="UnobservedStates"/>, so
/// that callers report it rather than mistake it for an estimate.</para>
/// </remarks>
public sealed class MigrationEstimate
{
    internal MigrationEstimate(TransitionMatrix matrix, Generator? generator, double[,] counts, double[] rowTotals, double[]? exposureYears,
        IReadOnlyList<string> unobserved, IReadOnlyList<CohortPeriod> periods, double windowStart, double windowEnd)
    {
        Matrix = matrix;
        Generator = generator;
        Counts = counts;
        RowTotals = rowTotals;
        ExposureYears = exposureYears;
        UnobservedStates = unobserved;
        Periods = periods;
        WindowStart = windowStart;
        WindowEnd = windowEnd;
    }

    /// <summary>The states.</summary>
    public StateSpace States => Matrix.States;

    /// <summary>The estimated transition matrix: cohort, the pooled (or averaged) period matrix; Aalen-Johansen, P(start, end); duration, exp(Lambda x period).</summary>
    public TransitionMatrix Matrix { get; }

    /// <summary>The model to project with: the generator when there is one, else the matrix (powers per period).</summary>
    public ITransitionModel Model => Generator is not null ? Generator : Matrix;

    /// <summary>The estimated generator (duration method), else null.</summary>
    public Generator? Generator { get; }

    /// <summary>The (weighted) transition counts; see remarks for each method.</summary>
    public double[,] Counts { get; }

    /// <summary>The (weighted) row totals; see remarks.</summary>
    public double[] RowTotals { get; }

    /// <summary>The (weighted) years spent in each state inside the window; null for the cohort method.</summary>
    public double[]? ExposureYears { get; }

    /// <summary>Non-absorbing states with no observations (their rows are unit rows, not estimates).</summary>
    public IReadOnlyList<string> UnobservedStates { get; }

    /// <summary>The cohort periods with their own matrices (empty for other methods).</summary>
    public IReadOnlyList<CohortPeriod> Periods { get; }

    /// <summary>The start of the window used, in the history's time unit.</summary>
    public double WindowStart { get; }

    /// <summary>The end of the window used, in the history's time unit.</summary>
    public double WindowEnd { get; }
}
