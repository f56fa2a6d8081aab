using ValueCore.Internal;
using ValueCore.Migration;

namespace ValueCore.Provisions;

/// <summary>Makes a chosen set of states the default states of a migration model, so that its cumulative PDs are
/// first-passage probabilities into that set (for example substandard, doubtful and loss as non-performing).</summary>
/// <remarks>Each default state's row is replaced by a unit row (matrix) or a zero row (generator) and the state space
/// marks exactly those states absorbing. Then [P^t]_{i,D} = P(the loan reaches a default state by t | state i), whether
/// or not the original chain lets a loan cure from those states: once non-performing, a loan counts as defaulted.</remarks>
public static class DefaultStates
{
    /// <summary>A copy of the matrix with the given states absorbing (the only default states).</summary>
    /// <param name="matrix">The migration matrix.</param>
    /// <param name="defaultStates">Labels of the default states, each a state of the matrix; at least one, not all.</param>
    /// <returns>The matrix with unit rows for the default states.</returns>
    /// <exception cref="ArgumentException">A label is unknown, none is given, or every state is a default state.</exception>
    public static TransitionMatrix Absorb(TransitionMatrix matrix, IReadOnlyList<string> defaultStates)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var states = Space(matrix.States, defaultStates);
        var a = matrix.ToArray();
        UnitRows(states, a, 1.0);
        return TransitionMatrix.Create(states, a, matrix.PeriodYears);
    }

    /// <summary>A copy of the generator with the given states absorbing (the only default states).</summary>
    /// <param name="generator">The generator (per year).</param>
    /// <param name="defaultStates">Labels of the default states, each a state of the generator; at least one, not all.</param>
    /// <returns>The generator with zero rows for the default states.</returns>
    /// <exception cref="ArgumentException">A label is unknown, none is given, or every state is a default state.</exception>
    public static Generator Absorb(Generator generator, IReadOnlyList<string> defaultStates)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var states = Space(generator.States, defaultStates);
        var a = generator.ToArray();
        UnitRows(states, a, 0.0);
        return Generator.Create(states, a);
    }

    private static StateSpace Space(StateSpace states, IReadOnlyList<string> defaultStates)
    {
        ArgumentNullException.ThrowIfNull(defaultStates);
        if (defaultStates.Count == 0)
        {
            ThrowHelper.Argument(nameof(defaultStates), "At least one default state is needed.");
        }

        foreach (var d in defaultStates)
        {
            if (states.IndexOf(d) < 0)
            {
                ThrowHelper.Argument(nameof(defaultStates), $"Default state '{d}' is not one of the model's states ({states}).");
            }
        }

        if (defaultStates.Distinct(StringComparer.Ordinal).Count() >= states.Count)
        {
            ThrowHelper.Argument(nameof(defaultStates), "Every state is a default state; at least one performing state is needed.");
        }

        return StateSpace.Create(states.Labels, defaultStates);
    }

    private static void UnitRows(StateSpace states, double[,] a, double diagonal)
    {
        for (int i = 0; i < states.Count; i++)
        {
            if (states.IsAbsorbing(i))
            {
                for (int j = 0; j < states.Count; j++)
                {
                    a[i, j] = i == j ? diagonal : 0.0;
                }
            }
        }
    }
}
