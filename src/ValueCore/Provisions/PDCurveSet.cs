using ValueCore.Internal;
using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>Cumulative PDs by starting state at every period end of a horizon (yearly, quarterly or monthly periods),
/// computed once per (segment, scenario) from a Markov chain whose one-year model may change year by year.</summary>
/// <remarks>With D(0) = I and, for period end t_k = k / p inside year y (year start y - 1),
/// D(t_k) = D(y - 1) x M_y.Over(t_k - (y - 1)), the cumulative PD from state i is C_i(t_k) = sum_{d default} D(t_k)_{i,d}
/// (default = absorbing states of the model). With one model for every year this is P(t) = P^t at year ends (matrix
/// powers) or exp(t Lambda) (generator). Between period ends C is interpolated linearly in time (exact for a period
/// matrix, whose <see cref="TransitionMatrix.Over"/> interpolates linearly within a period; for a generator the error is
/// of second order in the period length). Rounding can make C decrease by ~1e-16 between periods; C is made
/// non-decreasing by carrying the previous value forward in that case.</remarks>
public sealed class PDCurveSet
{
    private readonly double[] _c;

    private PDCurveSet(StateSpace states, int periodsPerYear, int periods, double[] c)
    {
        States = states;
        PeriodsPerYear = periodsPerYear;
        Periods = periods;
        _c = c;
    }

    /// <summary>The states (one curve per state).</summary>
    public StateSpace States { get; }

    /// <summary>Periods per year p: 1, 4 or 12.</summary>
    public int PeriodsPerYear { get; }

    /// <summary>The number of periods K covered (horizon K / p years).</summary>
    public int Periods { get; }

    /// <summary>The cumulative PD curve of a state at period ends 0..K (C(0) = 0, or 1 for a default state).</summary>
    /// <param name="state">The state index, in [0, States.Count).</param>
    /// <returns>K + 1 cumulative PDs (fractions), non-decreasing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a state index.</exception>
    public ReadOnlySpan<double> Curve(int state)
    {
        if ((uint)state >= (uint)States.Count)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(state), state, FormattableString.Invariant($"[0, {States.Count})"));
        }

        return _c.AsSpan(state * (Periods + 1), Periods + 1);
    }

    /// <summary>Cumulative PDs for a horizon under one migration model for every year.</summary>
    /// <param name="model">The one-year model (matrix powers or exp(t Lambda)); its absorbing states are the default states.</param>
    /// <param name="periodsPerYear">1, 4 or 12.</param>
    /// <param name="years">The horizon in whole years, in [1, 1000].</param>
    /// <returns>The curves.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="InvalidOperationException">A projected matrix is not stochastic (numerical failure).</exception>
    public static PDCurveSet Create(ITransitionModel model, int periodsPerYear, int years)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Create([model], periodsPerYear, years);
    }

    /// <summary>Cumulative PDs for a horizon under a model per year (a forward-looking scenario).</summary>
    /// <param name="yearModels">The model of year 1, 2, ...; years beyond the list use its last model. All on the same states.</param>
    /// <param name="periodsPerYear">1, 4 or 12.</param>
    /// <param name="years">The horizon in whole years, in [1, 1000].</param>
    /// <returns>The curves.</returns>
    /// <exception cref="ArgumentException">The list is empty or the models' state spaces differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    /// <exception cref="InvalidOperationException">A projected matrix is not stochastic (numerical failure).</exception>
    public static PDCurveSet Create(IReadOnlyList<ITransitionModel> yearModels, int periodsPerYear, int years)
    {
        ArgumentNullException.ThrowIfNull(yearModels);
        if (yearModels.Count == 0)
        {
            ThrowHelper.Argument(nameof(yearModels), "At least one model is needed.");
        }

        if (periodsPerYear is not (1 or 4 or 12))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(periodsPerYear), periodsPerYear, "{1, 4, 12}");
        }

        if (years is < 1 or > 1000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[1, 1000]");
        }

        var states = yearModels[0].States;
        foreach (var m in yearModels)
        {
            ArgumentNullException.ThrowIfNull(m);
            states.RequireSame(m.States, nameof(yearModels));
        }

        int n = states.Count;
        int k = years * periodsPerYear;
        var c = new double[n * (k + 1)];
        var within = new double[yearModels.Count][][];
        var start = DenseMatrix.Identity(n);
        Record(states, start, c, 0, k);
        for (int y = 1; y <= years; y++)
        {
            int mi = Math.Min(y, yearModels.Count) - 1;
            within[mi] ??= Within(yearModels[mi], periodsPerYear);
            double[] end = start;
            for (int j = 1; j <= periodsPerYear; j++)
            {
                end = DenseMatrix.Multiply(start, within[mi][j - 1], n);
                Record(states, end, c, ((y - 1) * periodsPerYear) + j, k);
            }

            start = end;
        }

        return new PDCurveSet(states, periodsPerYear, k, c);
    }

    private static double[][] Within(ITransitionModel model, int p)
    {
        var r = new double[p][];
        for (int j = 1; j <= p; j++)
        {
            r[j - 1] = model.Over(j == p ? 1.0 : (double)j / p).RowMajor.ToArray();
        }

        return r;
    }

    private static void Record(StateSpace states, double[] d, double[] c, int period, int k)
    {
        int n = states.Count;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                if (states.IsAbsorbing(j))
                {
                    s += d[(i * n) + j];
                }
            }

            s = Math.Min(1.0, Math.Max(0.0, s));
            int at = (i * (k + 1)) + period;
            c[at] = period > 0 ? Math.Max(s, c[at - 1]) : s;
        }
    }
}
