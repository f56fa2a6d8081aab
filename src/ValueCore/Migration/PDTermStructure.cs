using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// Cumulative and marginal PD term structures by starting state: the probability of being in a default (absorbing)
/// state after 1..T years, and its yearly increments.
/// </summary>
/// <remarks>
/// cumulative(i, t) = sum_{d absorbing} P(t)_id with P(t) = <see cref="ITransitionModel.Over"/>(t) (P^t for annual
/// matrices, exp(t Lambda) for generators); marginal(i, t) = cumulative(i, t) - cumulative(i, t - 1), the
/// unconditional probability of defaulting in year t (cumulative(i, 0) = 0 for a non-absorbing state, 1 for an
/// absorbing one, whose marginals are then 0). Every projected matrix is checked: rows sum to 1, no negative
/// entry, absorbing rows stay unit rows (<see cref="TransitionMatrix"/> validation).
/// </remarks>
public sealed class PDTermStructure
{
    private readonly double[] _cumulative;
    private readonly double[] _marginal;

    private PDTermStructure(StateSpace states, int years, double[] cumulative, double[] marginal)
    {
        States = states;
        Years = years;
        _cumulative = cumulative;
        _marginal = marginal;
    }

    /// <summary>The states (one curve per state, absorbing ones included).</summary>
    public StateSpace States { get; }

    /// <summary>The number of years T.</summary>
    public int Years { get; }

    /// <summary>The cumulative PD from a state after a number of years.</summary>
    /// <param name="state">The starting state index.</param>
    /// <param name="year">The year, in [1, <see cref="Years"/>].</param>
    /// <returns>The cumulative PD, a fraction.</returns>
    public double Cumulative(int state, int year) => _cumulative[(state * Years) + year - 1];

    /// <summary>The marginal (unconditional, in-year) PD from a state in a given year.</summary>
    /// <param name="state">The starting state index.</param>
    /// <param name="year">The year, in [1, <see cref="Years"/>].</param>
    /// <returns>cumulative(year) - cumulative(year - 1), a fraction.</returns>
    public double Marginal(int state, int year) => _marginal[(state * Years) + year - 1];

    /// <summary>The term structures of a sequence of cumulative matrices P(0, 1), P(0, 2), ... (e.g. Aalen-Johansen, non-homogeneous).</summary>
    /// <param name="cumulativeMatrices">P(0, t) for t = 1 .. T, on the same states; at least one.</param>
    /// <returns>The term structures over T = the number of matrices.</returns>
    /// <exception cref="ArgumentException">No matrix, or the state spaces differ.</exception>
    public static PDTermStructure FromCumulativeMatrices(IReadOnlyList<TransitionMatrix> cumulativeMatrices)
    {
        ArgumentNullException.ThrowIfNull(cumulativeMatrices);
        if (cumulativeMatrices.Count == 0)
        {
            ThrowHelper.Argument(nameof(cumulativeMatrices), "At least one matrix is needed.");
        }

        var states = cumulativeMatrices[0].States;
        int years = cumulativeMatrices.Count;
        int n = states.Count;
        var cum = new double[n * years];
        var mar = new double[n * years];
        for (int t = 1; t <= years; t++)
        {
            var p = cumulativeMatrices[t - 1];
            states.RequireSame(p.States, nameof(cumulativeMatrices));
            for (int i = 0; i < n; i++)
            {
                double c = p.DefaultProbability(i);
                double prev = t == 1 ? (states.IsAbsorbing(i) ? 1.0 : 0.0) : cum[(i * years) + t - 2];
                cum[(i * years) + t - 1] = c;
                mar[(i * years) + t - 1] = c - prev;
            }
        }

        return new PDTermStructure(states, years, cum, mar);
    }

    /// <summary>Computes the term structures of a model.</summary>
    /// <param name="model">A generator or a period matrix.</param>
    /// <param name="years">T, the number of years, in [1, 1000].</param>
    /// <returns>The term structures.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is outside [1, 1000].</exception>
    /// <exception cref="ArgumentException">A projected matrix fails a check (rows not summing to 1, negative entries).</exception>
    public static PDTermStructure Compute(ITransitionModel model, int years)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (years < 1 || years > 1000)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[1, 1000]");
        }

        var states = model.States;
        int n = states.Count;
        var cum = new double[n * years];
        var mar = new double[n * years];
        for (int t = 1; t <= years; t++)
        {
            var p = model.Over(t);
            for (int i = 0; i < n; i++)
            {
                double c = p.DefaultProbability(i);
                double prev = t == 1 ? (states.IsAbsorbing(i) ? 1.0 : 0.0) : cum[(i * years) + t - 2];
                cum[(i * years) + t - 1] = c;
                mar[(i * years) + t - 1] = c - prev;
            }
        }

        return new PDTermStructure(states, years, cum, mar);
    }
}
