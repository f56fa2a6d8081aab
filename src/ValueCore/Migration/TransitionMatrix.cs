using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// An immutable stochastic matrix P over a period: P[i, j] is the probability of being in state j at the end of the
/// period given state i at its start. Rows sum to 1, entries are non-negative, absorbing rows are unit rows.
/// </summary>
/// <remarks>
/// <para>Multi-period matrices are powers, P(n periods) = P^n (time-homogeneous Markov chain). For a horizon that is
/// not a whole number of periods, <see cref="Over"/> interpolates linearly within the last period,
/// P(t) = P^k (I + f (P - I)) with k = floor(t / period) and f the fraction left: cumulative PDs are then linear between
/// period ends. For the Markov-consistent alternative convert the matrix to a <see cref="Generator"/>
/// (<see cref="GeneratorEstimation"/>) and use exp(t Lambda).</para>
/// <para>Validation tolerance: each row must sum to 1 within <see cref="RowSumTolerance"/>; entries in
/// [-<see cref="RowSumTolerance"/>, 0) are read as 0 only for matrices computed by this library (rounding noise);
/// given matrices with negative entries are rejected.</para>
/// </remarks>
public sealed class TransitionMatrix : ITransitionModel
{
    /// <summary>The largest |row sum - 1| accepted: 1e-6.</summary>
    public const double RowSumTolerance = 1e-6;

    /// <summary>The largest relative difference at which two periods are the same, and at which n periods make one year
    /// (|n x period - 1| &lt;= 1e-6): a period written with seven significant digits (1/12 as 0.08333333) still divides a year.</summary>
    public const double PeriodTolerance = 1e-6;

    private readonly double[] _p;

    private TransitionMatrix(StateSpace states, double[] p, double periodYears)
    {
        States = states;
        _p = p;
        PeriodYears = periodYears;
    }

    /// <summary>The states, in row and column order.</summary>
    public StateSpace States { get; }

    /// <summary>The number of states (rows and columns).</summary>
    public int Count => States.Count;

    /// <summary>The period the matrix covers, in years (1 for an annual matrix).</summary>
    public double PeriodYears { get; }

    /// <summary>The number n of periods in one year when the period divides a year (n x <see cref="PeriodYears"/> = 1 within
    /// <see cref="PeriodTolerance"/>): 1 for an annual matrix, 2 for a six-month one, 12 for a monthly one; null otherwise
    /// (a two-year or a five-month matrix).</summary>
    public int? PeriodsPerYear
    {
        get
        {
            double n = Math.Round(1.0 / PeriodYears);
            return n >= 1 && n <= int.MaxValue && Math.Abs((n * PeriodYears) - 1.0) <= PeriodTolerance ? (int)n : null;
        }
    }

    /// <summary>The probability of moving from state <paramref name="from"/> to state <paramref name="to"/> over one period.</summary>
    /// <param name="from">The starting state index.</param>
    /// <param name="to">The ending state index.</param>
    /// <returns>The probability, in [0, 1].</returns>
    public double this[int from, int to] => _p[(from * Count) + to];

    /// <summary>Creates a transition matrix, validating it.</summary>
    /// <param name="states">The states.</param>
    /// <param name="probabilities">The n x n probabilities (rows = from, columns = to), as fractions.</param>
    /// <param name="periodYears">The period in years, &gt; 0 (default 1).</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentException">The matrix is not n x n, an entry is negative or not finite, a row does not sum to 1
    /// within <see cref="RowSumTolerance"/>, or an absorbing state's row is not the unit row.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodYears"/> is not positive and finite.</exception>
    public static TransitionMatrix Create(StateSpace states, double[,] probabilities, double periodYears = 1.0)
    {
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(probabilities);
        int n = states.Count;
        if (probabilities.GetLength(0) != n || probabilities.GetLength(1) != n)
        {
            ThrowHelper.Argument(nameof(probabilities), FormattableString.Invariant(
                $"The matrix is {probabilities.GetLength(0)} x {probabilities.GetLength(1)}; {n} x {n} expected (one row and column per state)."));
        }

        var p = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                p[(i * n) + j] = probabilities[i, j];
            }
        }

        return FromRowMajor(states, p, periodYears, computed: false);
    }

    /// <summary>The identity matrix (no migration) over a period.</summary>
    /// <param name="states">The states.</param>
    /// <param name="periodYears">The period in years, &gt; 0.</param>
    /// <returns>I.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periodYears"/> is not positive and finite.</exception>
    public static TransitionMatrix Identity(StateSpace states, double periodYears = 1.0)
    {
        ArgumentNullException.ThrowIfNull(states);
        CheckPeriod(periodYears);
        return new TransitionMatrix(states, DenseMatrix.Identity(states.Count), periodYears);
    }

    internal static TransitionMatrix FromRowMajor(StateSpace states, double[] p, double periodYears, bool computed)
    {
        CheckPeriod(periodYears);
        int n = states.Count;
        if (computed)
        {
            for (int k = 0; k < p.Length; k++)
            {
                if (p[k] < 0 && p[k] >= -RowSumTolerance)
                {
                    p[k] = 0.0;
                }
            }
        }

        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int j = 0; j < n; j++)
            {
                double v = p[(i * n) + j];
                if (!double.IsFinite(v) || v < 0)
                {
                    ThrowHelper.Argument("probabilities", string.Create(CultureInfo.InvariantCulture,
                        $"Entry ({states[i]}, {states[j]}) = {v:R} is not a probability (negative or not finite)."));
                }

                sum += v;
            }

            if (Math.Abs(sum - 1.0) > RowSumTolerance)
            {
                ThrowHelper.Argument("probabilities", string.Create(CultureInfo.InvariantCulture,
                    $"Row {states[i]} sums to {sum:R}, not 1 (tolerance {RowSumTolerance:R})."));
            }

            if (states.IsAbsorbing(i) && Math.Abs(p[(i * n) + i] - 1.0) > RowSumTolerance)
            {
                ThrowHelper.Argument("probabilities", string.Create(CultureInfo.InvariantCulture,
                    $"Row {states[i]} is an absorbing state but P({states[i]}, {states[i]}) = {p[(i * n) + i]:R}, not 1."));
            }
        }

        return new TransitionMatrix(states, p, periodYears);
    }

    private static void CheckPeriod(double periodYears)
    {
        if (!(periodYears > 0 && double.IsFinite(periodYears)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(periodYears), periodYears, "(0, inf)");
        }
    }

    /// <summary>The matrix as a new n x n array.</summary>
    /// <returns>A copy of the probabilities.</returns>
    public double[,] ToArray()
    {
        int n = Count;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                a[i, j] = _p[(i * n) + j];
            }
        }

        return a;
    }

    internal ReadOnlySpan<double> RowMajor => _p;

    /// <summary>The product this x <paramref name="next"/>: migration over this period, then over the next one.</summary>
    /// <param name="next">The following period's matrix, on the same states.</param>
    /// <returns>The two-period matrix (period = sum of the two periods).</returns>
    /// <exception cref="ArgumentException">The state spaces differ.</exception>
    public TransitionMatrix Then(TransitionMatrix next)
    {
        ArgumentNullException.ThrowIfNull(next);
        States.RequireSame(next.States, nameof(next));
        return FromRowMajor(States, DenseMatrix.Multiply(_p, next._p, Count), PeriodYears + next.PeriodYears, computed: true);
    }

    /// <summary>The n-period matrix P^n (binary powering).</summary>
    /// <param name="periods">The number of periods, &gt;= 0.</param>
    /// <returns>P^n (the identity for n = 0), covering n x <see cref="PeriodYears"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="periods"/> is negative.</exception>
    public TransitionMatrix Power(int periods)
    {
        if (periods < 0)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(periods), periods, "[0, int.MaxValue]");
        }

        if (periods == 0)
        {
            return Identity(States, PeriodYears);
        }

        var result = DenseMatrix.Identity(Count);
        var b = (double[])_p.Clone();
        int e = periods;
        while (true)
        {
            if ((e & 1) != 0)
            {
                result = DenseMatrix.Multiply(result, b, Count);
            }

            e >>= 1;
            if (e == 0)
            {
                break;
            }

            b = DenseMatrix.Multiply(b, b, Count);
        }

        return FromRowMajor(States, result, PeriodYears * periods, computed: true);
    }

    /// <summary>The one-year matrix of a matrix whose period divides a year: P^n with n = <see cref="PeriodsPerYear"/>
    /// (time-homogeneous Markov chain; the matrix itself when n = 1), its period exactly one year.</summary>
    /// <returns>P^n over one year.</returns>
    /// <exception cref="InvalidOperationException">The period does not divide a year (<see cref="PeriodsPerYear"/> is null): no
    /// power of the matrix covers one year; estimate a generator from it and take exp(Lambda) instead.</exception>
    /// <remarks>A six-month matrix squared is the one-year matrix; a two-year matrix has no Markov square root in general
    /// (it may not exist or not be unique), so it is refused rather than interpolated.</remarks>
    public TransitionMatrix ToOneYear()
    {
        if (PeriodsPerYear is not int n)
        {
            ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture,
                $"The matrix covers {PeriodYears:R} years, and no whole number of its periods makes one year (tolerance {PeriodTolerance:R}): a one-year matrix cannot be taken from it by powers; estimate a generator from it and use exp(Lambda)."));
            return this;
        }

        var p = n == 1 ? (double[])_p.Clone() : Power(n)._p;
        return FromRowMajor(States, p, 1.0, computed: true);
    }

    /// <inheritdoc/>
    /// <remarks>P(t) = P^k (I + f (P - I)), k = floor(t / period), f = t / period - k (exact powers at period ends).</remarks>
    public TransitionMatrix Over(double years)
    {
        if (!(years >= 0 && double.IsFinite(years)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "[0, inf)");
        }

        if (years == 0)
        {
            return Identity(States, PeriodYears);
        }

        double periods = years / PeriodYears;
        double whole = Math.Floor(periods);
        double frac = periods - whole;
        if (Math.Abs(frac - 1.0) < 1e-12)
        {
            whole += 1;
            frac = 0;
        }
        else if (frac < 1e-12)
        {
            frac = 0;
        }

        if (whole > int.MaxValue)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(years), years, "a horizon of at most int.MaxValue periods");
        }

        var pk = Power((int)whole);
        if (frac == 0)
        {
            return FromRowMajor(States, pk._p, years, computed: true);
        }

        int n = Count;
        var partial = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                partial[(i * n) + j] = (i == j ? 1.0 - frac : 0.0) + (frac * _p[(i * n) + j]);
            }
        }

        return FromRowMajor(States, DenseMatrix.Multiply(pk._p, partial, n), years, computed: true);
    }

    /// <summary>The probability of ending the period in a default (absorbing) state.</summary>
    /// <param name="fromState">The starting state index, in [0, Count).</param>
    /// <returns>The sum of the row over absorbing columns, a fraction in [0, 1].</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromState"/> is not a state index.</exception>
    public double DefaultProbability(int fromState)
    {
        if ((uint)fromState >= (uint)Count)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(fromState), fromState, FormattableString.Invariant($"[0, {Count})"));
        }

        double s = 0;
        for (int j = 0; j < Count; j++)
        {
            if (States.IsAbsorbing(j))
            {
                s += _p[(fromState * Count) + j];
            }
        }

        return Math.Min(1.0, s);
    }

    /// <inheritdoc/>
    public double CumulativePD(int fromState, double years) => Over(years).DefaultProbability(fromState);

    /// <summary>The largest absolute entry-wise difference from another matrix on the same states.</summary>
    /// <param name="other">The other matrix.</param>
    /// <returns>max |P_ij - Q_ij|.</returns>
    /// <exception cref="ArgumentException">The state spaces differ.</exception>
    public double MaxAbsDifference(TransitionMatrix other)
    {
        ArgumentNullException.ThrowIfNull(other);
        States.RequireSame(other.States, nameof(other));
        double m = 0;
        for (int k = 0; k < _p.Length; k++)
        {
            m = Math.Max(m, Math.Abs(_p[k] - other._p[k]));
        }

        return m;
    }
}
