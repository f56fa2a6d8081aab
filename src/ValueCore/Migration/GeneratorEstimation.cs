using System.Globalization;
using System.Numerics;
using ValueCore.Internal;

namespace ValueCore.Migration;

/// <summary>
/// The embedding problem: a generator Lambda with exp(period x Lambda) close to a given one-period transition matrix P.
/// </summary>
/// <remarks>
/// <para>Log: Lambda = log(P) / period (principal logarithm by inverse scaling and squaring), accepted only when it
/// is a valid generator. Diagnostics follow Israel, Rosenthal and Wei, "Finding generators for Markov chains via
/// empirical transition matrices, with applications to credit ratings", Mathematical Finance 11 (2001) 245-265.</para>
/// <para>JLT: Jarrow, Lando and Turnbull, "A Markov model for the term structure of credit risk spreads", Review of
/// Financial Studies 10 (1997) 481-523: lambda_ii = ln p_ii, lambda_ij = -lambda_ii p_ij / (1 - p_ii) (exact when at
/// most one jump per period); needs p_ii &gt; 0.</para>
/// <para>DA (IRW section 4): negative off-diagonal entries of log P set to 0, lambda_ii = -sum_{j != i} lambda_ij.
/// WA (IRW section 4): with G_i = |lambda_ii| + sum_{j != i} max(lambda_ij, 0) and B_i = sum_{j != i} max(-lambda_ij, 0),
/// negative off-diagonals become 0 and every other entry becomes lambda_ij - B_i |lambda_ij| / G_i.</para>
/// <para>QOG: Kreinin and Sidelnikova, "Regularization algorithms for transition matrices", Algo Research Quarterly
/// 4 (2001) 23-40: each row a of log P is replaced by its Euclidean projection onto {x : sum x = 0, x_j &gt;= 0 for
/// j != i}, x_j = max(a_j - mu, 0) (j != i), x_i = a_i - mu, with mu solving sum x = 0 (found exactly by sorting).</para>
/// <para>Absorbing rows are set to exactly zero in every method. Negative off-diagonal entries of log P no larger in
/// magnitude than 1e-12 (rounding noise where the true entry is 0) are read as 0 by the Log method.</para>
/// </remarks>
public static class GeneratorEstimation
{
    private const double RoundingNoise = 1e-12;

    /// <summary>Diagnoses the principal logarithm of a transition matrix without choosing a generator.</summary>
    /// <param name="matrix">The one-period matrix.</param>
    /// <returns>The diagnostics.</returns>
    public static MatrixLogDiagnostics Diagnose(TransitionMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        return Diagnose(matrix, out _);
    }

    private static MatrixLogDiagnostics Diagnose(TransitionMatrix matrix, out double[]? log)
    {
        int n = matrix.Count;
        var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(matrix.ToArray());
        double det = m.Determinant();
        var evd = m.Evd();
        var eig = evd.EigenValues.ToArray();
        bool negativeReal = eig.Any(e => Math.Abs(e.Imaginary) <= 1e-12 * Math.Max(1, e.Magnitude) && e.Real <= 1e-14);
        bool diagHalf = true;
        for (int i = 0; i < n; i++)
        {
            diagHalf &= matrix[i, i] > 0.5;
        }

        log = null;
        if (!negativeReal && DenseMatrix.TryLog(matrix.RowMajor, n, out var l, out _))
        {
            double scale = 1.0 / matrix.PeriodYears;
            for (int k = 0; k < l.Length; k++)
            {
                l[k] *= scale;
            }

            for (int i = 0; i < n; i++)
            {
                if (matrix.States.IsAbsorbing(i))
                {
                    l.AsSpan(i * n, n).Clear();
                }
            }

            log = l;
        }

        int negCount = 0;
        double negSum = 0;
        if (log is not null)
        {
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    double v = log[(i * n) + j];
                    if (i != j && v < -RoundingNoise)
                    {
                        negCount++;
                        negSum += v;
                    }
                }
            }
        }

        return new MatrixLogDiagnostics(det, Array.AsReadOnly(eig), log is not null, diagHalf, negCount, negSum,
            log is not null && negCount == 0);
    }

    /// <summary>A generator for a one-period transition matrix by the chosen method, with its distance from the matrix.</summary>
    /// <param name="matrix">The one-period matrix P (its <see cref="TransitionMatrix.PeriodYears"/> is the period).</param>
    /// <param name="method">The method.</param>
    /// <returns>The generator (per year), diagnostics and distances of exp(period x Lambda) from P.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="method"/> is not defined.</exception>
    /// <exception cref="InvalidOperationException">No real logarithm exists (methods other than JLT), the logarithm is not a valid
    /// generator (Log), or a non-absorbing p_ii is 0 (JLT).</exception>
    public static EmbeddingResult FromMatrix(TransitionMatrix matrix, EmbeddingMethod method)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (!Enum.IsDefined(method))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(method), $"Unknown embedding method {method}.");
        }

        var diagnostics = Diagnose(matrix, out var log);
        int n = matrix.Count;
        var states = matrix.States;
        if (method != EmbeddingMethod.Jlt && log is null)
        {
            var bad = diagnostics.Eigenvalues.Where(e => e.Real <= 0 && Math.Abs(e.Imaginary) <= 1e-12).Select(FormatComplex);
            ThrowHelper.InvalidOperation(
                $"The matrix has no real principal logarithm (eigenvalues on the negative real axis or at zero: {string.Join(", ", bad)}); use the JLT method.");
        }

        double[] q;
        switch (method)
        {
            case EmbeddingMethod.Log:
                if (!diagnostics.IsValidGenerator)
                {
                    ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture,
                        $"log P is not a valid generator: {diagnostics.NegativeOffDiagonalCount} negative off-diagonal entries (sum {diagnostics.NegativeOffDiagonalSum:R}); use da, wa, qog or jlt."));
                }

                q = log!;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (i != j && q[(i * n) + j] < 0)
                        {
                            q[(i * n) + j] = 0.0;
                        }
                    }
                }

                ResetDiagonal(q, n);
                break;
            case EmbeddingMethod.Jlt:
                q = Jlt(matrix);
                break;
            case EmbeddingMethod.DiagonalAdjustment:
                q = log!;
                for (int i = 0; i < n; i++)
                {
                    for (int j = 0; j < n; j++)
                    {
                        if (i != j && q[(i * n) + j] < 0)
                        {
                            q[(i * n) + j] = 0.0;
                        }
                    }
                }

                ResetDiagonal(q, n);
                break;
            case EmbeddingMethod.WeightedAdjustment:
                q = log!;
                WeightedAdjustment(q, n);
                break;
            default:
                q = log!;
                for (int i = 0; i < n; i++)
                {
                    if (!states.IsAbsorbing(i))
                    {
                        ProjectRow(q.AsSpan(i * n, n), i);
                    }
                }

                break;
        }

        for (int i = 0; i < n; i++)
        {
            if (states.IsAbsorbing(i))
            {
                q.AsSpan(i * n, n).Clear();
            }
        }

        var generator = Generator.FromRowMajor(states, q);
        var back = generator.Over(matrix.PeriodYears);
        double maxAbs = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double d = back[i, j] - matrix[i, j];
                maxAbs = Math.Max(maxAbs, Math.Abs(d));
                sumSq += d * d;
            }
        }

        return new EmbeddingResult(generator, method, diagnostics, maxAbs, Math.Sqrt(sumSq));
    }

    private static string FormatComplex(Complex c) => string.Create(CultureInfo.InvariantCulture, $"{c.Real:G6}{(c.Imaginary >= 0 ? "+" : "-")}{Math.Abs(c.Imaginary):G6}i");

    private static double[] Jlt(TransitionMatrix p)
    {
        int n = p.Count;
        var q = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            if (p.States.IsAbsorbing(i))
            {
                continue;
            }

            double pii = p[i, i];
            if (!(pii > 0))
            {
                ThrowHelper.InvalidOperation($"JLT needs p_ii > 0; P({p.States[i]}, {p.States[i]}) = 0.");
            }

            if (pii >= 1.0)
            {
                continue;
            }

            double lii = Math.Log(pii) / p.PeriodYears;
            q[(i * n) + i] = lii;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    q[(i * n) + j] = -lii * p[i, j] / (1.0 - pii);
                }
            }
        }

        return q;
    }

    private static void ResetDiagonal(double[] q, int n)
    {
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    s += q[(i * n) + j];
                }
            }

            q[(i * n) + i] = -s;
        }
    }

    internal static void WeightedAdjustment(double[] q, int n)
    {
        for (int i = 0; i < n; i++)
        {
            var row = q.AsSpan(i * n, n);
            double g = Math.Abs(row[i]);
            double b = 0;
            for (int j = 0; j < n; j++)
            {
                if (j != i)
                {
                    g += Math.Max(row[j], 0);
                    b += Math.Max(-row[j], 0);
                }
            }

            for (int j = 0; j < n; j++)
            {
                if (j != i && row[j] < 0)
                {
                    row[j] = 0;
                }
                else if (g > 0)
                {
                    row[j] -= b * Math.Abs(row[j]) / g;
                }
            }
        }

        // Row sums are zero in exact arithmetic; remove the rounding residue through the diagonal.
        ResetDiagonal(q, n);
    }

    /// <summary>Euclidean projection of a row onto {x : sum x = 0, x_j &gt;= 0 (j != diagonal)}.</summary>
    internal static void ProjectRow(Span<double> a, int diagonal)
    {
        int n = a.Length;

        // f(mu) = (a_d - mu) + sum_{j != d} max(a_j - mu, 0) is continuous and strictly decreasing; find its root.
        var off = new double[n - 1];
        int k = 0;
        for (int j = 0; j < n; j++)
        {
            if (j != diagonal)
            {
                off[k++] = a[j];
            }
        }

        Array.Sort(off);
        Array.Reverse(off);

        // With the m largest off-diagonal entries active (a_j > mu): mu = (a_d + sum of those m) / (m + 1).
        double sum = a[diagonal];
        double mu = sum;
        for (int m = 0; m <= off.Length; m++)
        {
            mu = sum / (m + 1);
            bool nextInactive = m == off.Length || off[m] <= mu;
            bool lastActive = m == 0 || off[m - 1] > mu;
            if (nextInactive && lastActive)
            {
                break;
            }

            if (m < off.Length)
            {
                sum += off[m];
            }
        }

        for (int j = 0; j < n; j++)
        {
            a[j] = j == diagonal ? a[j] - mu : Math.Max(a[j] - mu, 0.0);
        }

        // Exact zero row sum through the diagonal (rounding only).
        double s = 0;
        for (int j = 0; j < n; j++)
        {
            if (j != diagonal)
            {
                s += a[j];
            }
        }

        a[diagonal] = -s;
    }
}
