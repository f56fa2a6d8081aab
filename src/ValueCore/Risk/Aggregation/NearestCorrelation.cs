using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using ValueCore.Internal;

namespace ValueCore.Risk.Aggregation;

/// <summary>
/// The nearest correlation matrix in the Frobenius norm, by Higham's alternating projections with Dykstra's correction.
/// </summary>
/// <remarks>
/// <para>N. J. Higham, "Computing the nearest correlation matrix — a problem from finance", IMA Journal of Numerical
/// Analysis 22 (2002) 329-343, Algorithm 3.3 with W = I: starting from Y = A and ΔS = 0, repeat R = Y - ΔS,
/// X = P_S(R) (the projection onto the positive semi-definite cone: negative eigenvalues set to 0),
/// ΔS = X - R, Y = P_U(X) (the diagonal set to 1), until the relative changes of X and Y and the gap ||Y - X|| / ||Y||
/// are all below the tolerance. Dykstra's correction ΔS makes the iteration converge to the nearest point of the
/// intersection, not merely to some point of it.</para>
/// <para>Higham's Section 4 example: A = [1 1 0; 1 1 1; 0 1 1] has nearest correlation matrix with off-diagonal elements
/// 0.7607 (neighbours) and 0.1573 (corners), to four decimals.</para>
/// </remarks>
public static class NearestCorrelation
{
    /// <summary>Finds the nearest correlation matrix.</summary>
    /// <param name="values">A symmetric n x n matrix, row-major, all finite (the diagonal and the range need not hold).</param>
    /// <param name="size">The order n, &gt;= 1.</param>
    /// <param name="tolerance">The convergence tolerance on relative changes, in [1e-15, 1e-3]; 1e-12 is a good choice.</param>
    /// <param name="maxIterations">The iteration limit, &gt;= 1.</param>
    /// <returns>The nearest correlation matrix and the distance moved.</returns>
    /// <exception cref="ArgumentException">The length is not n x n or the matrix is not symmetric.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range or an element is not finite.</exception>
    /// <exception cref="InvalidOperationException">The iteration did not converge within <paramref name="maxIterations"/>.</exception>
    public static NearestCorrelationResult Compute(ReadOnlySpan<double> values, int size, double tolerance, int maxIterations)
    {
        if (size < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(size), size, "[1, inf)");
        }

        SpanGuard.SameLength(values, checked(size * size));
        if (!(tolerance >= 1e-15 && tolerance <= 1e-3))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(tolerance), tolerance, "[1e-15, 1e-3]");
        }

        if (maxIterations < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(maxIterations), maxIterations, "[1, inf)");
        }

        var a = Matrix<double>.Build.Dense(size, size);
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                double v = values[(i * size) + j];
                if (!double.IsFinite(v))
                {
                    ThrowHelper.ArgumentOutOfRange(nameof(values), v, "finite numbers");
                }

                if (Math.Abs(v - values[(j * size) + i]) > CorrelationMatrix.SymmetryTolerance)
                {
                    ThrowHelper.Argument(nameof(values), string.Create(CultureInfo.InvariantCulture,
                        $"The matrix is not symmetric at [{i + 1}, {j + 1}]: the nearest correlation matrix needs a symmetric input."));
                }

                a[i, j] = v;
            }
        }

        var y = a.Clone();
        var x = a.Clone();
        var deltaS = Matrix<double>.Build.Dense(size, size);
        int iteration = 0;
        while (true)
        {
            iteration++;
            var r = y - deltaS;
            var xNew = ProjectPsd(r);
            deltaS = xNew - r;
            var yNew = xNew.Clone();
            for (int i = 0; i < size; i++)
            {
                yNew[i, i] = 1.0;
            }

            double yNorm = yNew.FrobeniusNorm();
            double changeX = (xNew - x).FrobeniusNorm() / xNew.FrobeniusNorm();
            double changeY = (yNew - y).FrobeniusNorm() / yNorm;
            double gap = (yNew - xNew).FrobeniusNorm() / yNorm;
            x = xNew;
            y = yNew;
            if (Math.Max(changeX, Math.Max(changeY, gap)) <= tolerance)
            {
                break;
            }

            if (iteration >= maxIterations)
            {
                ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture,
                    $"The nearest correlation matrix did not converge in {maxIterations} iterations (last relative change {Math.Max(changeX, Math.Max(changeY, gap)):R})."));
            }
        }

        var result = new double[size * size];
        double distance2 = 0, maxChange = 0;
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                // Symmetrise and clamp rounding outside [-1, 1]; the diagonal is exactly 1.
                double v = i == j ? 1.0 : Math.Clamp(0.5 * (y[i, j] + y[j, i]), -1.0, 1.0);
                result[(i * size) + j] = v;
                double d = a[i, j] - v;
                distance2 += d * d;
                maxChange = Math.Max(maxChange, Math.Abs(d));
            }
        }

        double smallest = CorrelationMatrix.SmallestEigenvalueOf(result, size);
        if (!(smallest >= CorrelationMatrix.EigenvalueTolerance))
        {
            ThrowHelper.InvalidOperation(string.Create(CultureInfo.InvariantCulture,
                $"The nearest correlation matrix has smallest eigenvalue {smallest:R} after {iteration} iterations; tighten the tolerance."));
        }

        return new NearestCorrelationResult(result, size, iteration, Math.Sqrt(distance2), maxChange, smallest);
    }

    private static Matrix<double> ProjectPsd(Matrix<double> r)
    {
        var sym = 0.5 * (r + r.Transpose());
        var evd = sym.Evd(Symmetricity.Symmetric);
        var q = evd.EigenVectors;
        var d = evd.EigenValues.Map(e => Math.Max(e.Real, 0.0));
        return q * Matrix<double>.Build.DenseOfDiagonalVector(d) * q.Transpose();
    }
}
