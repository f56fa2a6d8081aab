using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// An immutable generator (intensity matrix) Lambda of a continuous-time Markov chain, per year: off-diagonal entries
/// are non-negative migration intensities, each row sums to 0, absorbing states have zero rows.
/// </summary>
/// <remarks>
/// P(t) = exp(t Lambda) for any horizon t in years, fractions included (Lando and Skodeberg, "Analyzing rating
/// transitions and rating drift with continuous observations", Journal of Banking &amp; Finance 26 (2002) 423-444).
/// The exponential is computed by scaling and squaring with the [13/13] Pade approximant (Higham 2005).
/// </remarks>
public sealed class Generator : ITransitionModel
{
    /// <summary>The largest |row sum| accepted relative to the row's largest entry: 1e-9.</summary>
    public const double RowSumTolerance = 1e-9;

    private readonly double[] _q;

    private Generator(StateSpace states, double[] q)
    {
        States = states;
        _q = q;
    }

    /// <summary>The states, in row and column order.</summary>
    public StateSpace States { get; }

    /// <summary>The number of states.</summary>
    public int Count => States.Count;

    /// <summary>The intensity from state <paramref name="from"/> to <paramref name="to"/>, per year (the diagonal is minus the total exit intensity).</summary>
    /// <param name="from">The starting state index.</param>
    /// <param name="to">The ending state index.</param>
    /// <returns>The intensity per year.</returns>
    public double this[int from, int to] => _q[(from * Count) + to];

    /// <summary>Creates a generator, validating it.</summary>
    /// <param name="states">The states.</param>
    /// <param name="intensities">The n x n intensities per year (rows = from).</param>
    /// <returns>The generator.</returns>
    /// <exception cref="ArgumentException">Not n x n, an entry not finite, a negative off-diagonal entry, a row not summing to 0
    /// (tolerance <see cref="RowSumTolerance"/> x the row's largest |entry|), or an absorbing state with a non-zero row.</exception>
    public static Generator Create(StateSpace states, double[,] intensities)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(intensities);
        int n = states.Count;
        if (intensities.GetLength(0) != n || intensities.GetLength(1) != n)
        {
            ThrowHelper.Argument(nameof(intensities), FormattableString.Invariant(
                $"The generator is {intensities.GetLength(0)} x {intensities.GetLength(1)}; {n} x {n} expected."));
        }

        var q = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                q[(i * n) + j] = intensities[i, j];
            }
        }

        return FromRowMajor(states, q);
    }

    internal static Generator FromRowMajor(StateSpace states, double[] q)
    {
        string? problem = Check(states, q);
        if (problem is not null)
        {
            ThrowHelper.Argument("intensities", problem);
        }

        return new Generator(states, q);
    }

    /// <summary>The first rule a candidate generator breaks, or null when it is a valid generator.</summary>
    internal static string? Check(StateSpace states, ReadOnlySpan<double> q)
    {
        int n = states.Count;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            double max = 0;
            for (int j = 0; j < n; j++)
            {
                double v = q[(i * n) + j];
                if (!double.IsFinite(v))
                {
                    return $"Entry ({states[i]}, {states[j]}) is not finite.";
                }

                if (i != j && v < 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Off-diagonal entry ({states[i]}, {states[j]}) = {v:R} is negative.");
                }

                if (states.IsAbsorbing(i) && v != 0)
                {
                    return string.Create(CultureInfo.InvariantCulture, $"Absorbing state {states[i]} has a non-zero intensity ({states[j]}) = {v:R}.");
                }

                sum += v;
                max = Math.Max(max, Math.Abs(v));
            }

            if (Math.Abs(sum) > RowSumTolerance * Math.Max(max, 1e-300) && Math.Abs(sum) > 1e-15)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Row {states[i]} sums to {sum:R}, not 0.");
            }
        }

        return null;
    }

    /// <summary>The generator as a new n x n array.</summary>
    /// <returns>A copy of the intensities.</returns>
    public double[,] ToArray()
    {
        int n = Count;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = _q[(i * n) + j];
            }
        }

        return a;
    }

    internal ReadOnlySpan<double> RowMajor => _q;

    /// <inheritdoc/>
    /// <remarks>P(t) = exp(t Lambda) by scaling and squaring with the [13/13] Pade approximant (Higham 2005).</remarks>
    public TransitionMatrix Over(double years)
    {
        if (!(years >= 0 && double.IsFinite(years)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[0, inf)");
        }

        if (years == 0)
        {
            return TransitionMatrix.Identity(States);
        }

        var a = new double[_q.Length];
        for (int k = 0; k < a.Length; k++)
        {
            a[k] = years * _q[k];
        }

        return TransitionMatrix.FromRowMajor(States, DenseMatrix.Exp(a, Count), years, computed: true);
    }

    /// <inheritdoc/>
    public double CumulativePD(int fromState, double years) => Over(years).DefaultProbability(fromState);
}
