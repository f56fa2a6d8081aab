namespace ValueCore.Migration;

/// <summary>
/// A migration model that gives the transition matrix over any horizon, fractions of a year included: a
/// <see cref="Generator"/> (exp(t Lambda)) or a period <see cref="TransitionMatrix"/> (powers, interpolated within a period).
/// This is what an expected-credit-loss calculation asks for cumulative PDs to the default (absorbing) states.
/// </summary>
public interface ITransitionModel
{
    /// <summary>The states, in row and column order.</summary>
    StateSpace States { get; }

    /// <summary>The transition matrix over a horizon.</summary>
    /// <param name="years">The horizon in years, &gt;= 0 and finite.</param>
    /// <returns>P(0, years), a stochastic matrix with the absorbing states kept absorbing.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="years"/> is negative, NaN or infinite.</exception>
    TransitionMatrix Over(double years);

    /// <summary>The cumulative probability of being in a default (absorbing) state after a horizon.</summary>
    /// <param name="fromState">The starting state index, in [0, States.Count).</param>
    /// <param name="years">The horizon in years, &gt;= 0.</param>
    /// <returns>The cumulative PD, a fraction in [0, 1]; 1 for an absorbing starting state.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    double CumulativePD(int fromState, double years);
}
