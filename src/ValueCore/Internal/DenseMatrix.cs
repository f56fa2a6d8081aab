namespace ValueCore.Internal;

/// <summary>
/// Small dense square-matrix kernels on row-major <c>double[]</c> (n x n, n up to a few hundred): product, LU solve,
/// the exponential (scaling and squaring with the degree-13 Pade approximant) and the principal logarithm (inverse
/// scaling and squaring).
/// </summary>
internal static class DenseMatrix
{
    public static double[] Identity(int n)
    {
        var m = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            m[(i * n) + i] = 1.0;
        }

        return m;
    }

    public static double[] Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int n)
    {
        var c = new double[n * n];
        for (int i = 0; i < n; i++)
        {
            var ci = c.AsSpan(i * n, n);
            for (int k = 0; k < n; k++)
            {
                double aik = a[(i * n) + k];
                if (aik == 0.0)
                {
                    continue;
                }

                var bk = b.Slice(k * n, n);
                for (int j = 0; j < n; j++)
                {
                    ci[j] += aik * bk[j];
                }
            }
        }

        return c;
    }

    /// <summary>The maximum absolute column sum ||A||_1.</summary>
    public static double Norm1(ReadOnlySpan<double> a, int n)
    {
        double max = 0;
        for (int j = 0; j < n; j++)
        {
            double s = 0;
            for (int i = 0; i < n; i++)
            {
                s += Math.Abs(a[(i * n) + j]);
            }

            max = Math.Max(max, s);
        }

        return max;
    }

    /// <summary>Solves A X = B (B n x n) by LU with partial pivoting; false when A is singular to working precision.</summary>
    public static bool TrySolve(ReadOnlySpan<double> aIn, ReadOnlySpan<double> bIn, int n, out double[] x)
    {
        var a = aIn.ToArray();
        x = bIn.ToArray();
        double scale = Norm1(a, n);
        for (int k = 0; k < n; k++)
        {
            int p = k;
            double best = Math.Abs(a[(k * n) + k]);
            for (int i = k + 1; i < n; i++)
            {
                double v = Math.Abs(a[(i * n) + k]);
                if (v > best)
                {
                    best = v;
                    p = i;
                }
            }

            if (!(best > scale * 1e-300) || best == 0.0)
            {
                return false;
            }

            if (p != k)
            {
                SwapRows(a, p, k, n);
                SwapRows(x, p, k, n);
            }

            double pivot = a[(k * n) + k];
            for (int i = k + 1; i < n; i++)
            {
                double f = a[(i * n) + k] / pivot;
                if (f == 0.0)
                {
                    continue;
                }

                for (int j = k; j < n; j++)
                {
                    a[(i * n) + j] -= f * a[(k * n) + j];
                }

                for (int j = 0; j < n; j++)
                {
                    x[(i * n) + j] -= f * x[(k * n) + j];
                }
            }
        }

        for (int k = n - 1; k >= 0; k--)
        {
            double pivot = a[(k * n) + k];
            for (int j = 0; j < n; j++)
            {
                double s = x[(k * n) + j];
                for (int m = k + 1; m < n; m++)
                {
                    s -= a[(k * n) + m] * x[(m * n) + j];
                }

                x[(k * n) + j] = s / pivot;
            }
        }

        return true;
    }

    private static void SwapRows(double[] m, int r1, int r2, int n)
    {
        for (int j = 0; j < n; j++)
        {
            (m[(r1 * n) + j], m[(r2 * n) + j]) = (m[(r2 * n) + j], m[(r1 * n) + j]);
        }
    }

    private static readonly double[] s_pade13 =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
        10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
    ];

    /// <summary>
    /// exp(A) by scaling and squaring with the [13/13] Pade approximant (Higham, "The scaling and squaring method for
    /// the matrix exponential revisited", SIAM J. Matrix Anal. Appl. 26 (2005) 1179-1193, Algorithm 2.3 with
    /// theta_13 = 5.371920351148152).
    /// </summary>
    public static double[] Exp(ReadOnlySpan<double> aIn, int n)
    {
        const double theta13 = 5.371920351148152;
        double norm = Norm1(aIn, n);
        int s = norm > theta13 ? (int)Math.Ceiling(Math.Log2(norm / theta13)) : 0;
        var a = aIn.ToArray();
        if (s > 0)
        {
            double f = Math.ScaleB(1.0, -s);
            for (int i = 0; i < a.Length; i++)
            {
                a[i] *= f;
            }
        }

        var b = s_pade13;
        var a2 = Multiply(a, a, n);
        var a4 = Multiply(a2, a2, n);
        var a6 = Multiply(a4, a2, n);
        int len = n * n;
        var t = new double[len];
        var v = new double[len];
        var w = new double[len];
        for (int i = 0; i < len; i++)
        {
            t[i] = (b[13] * a6[i]) + (b[11] * a4[i]) + (b[9] * a2[i]);
            v[i] = (b[12] * a6[i]) + (b[10] * a4[i]) + (b[8] * a2[i]);
        }

        var u1 = Multiply(a6, t, n);
        var v1 = Multiply(a6, v, n);
        for (int i = 0; i < len; i++)
        {
            w[i] = u1[i] + (b[7] * a6[i]) + (b[5] * a4[i]) + (b[3] * a2[i]);
            v[i] = v1[i] + (b[6] * a6[i]) + (b[4] * a4[i]) + (b[2] * a2[i]);
        }

        for (int i = 0; i < n; i++)
        {
            w[(i * n) + i] += b[1];
            v[(i * n) + i] += b[0];
        }

        var u = Multiply(a, w, n);
        var p = new double[len];
        var q = new double[len];
        for (int i = 0; i < len; i++)
        {
            p[i] = v[i] + u[i];
            q[i] = v[i] - u[i];
        }

        if (!TrySolve(q, p, n, out var r))
        {
            ThrowHelper.InvalidOperation("The matrix exponential failed: the Pade denominator is singular.");
        }

        for (int k = 0; k < s; k++)
        {
            r = Multiply(r, r, n);
        }

        return r;
    }

    /// <summary>
    /// The principal matrix logarithm by inverse scaling and squaring: k square roots (Denman-Beavers iteration) until
    /// ||X - I||_1 &lt;= 1/4, then the series log(I + A) = A - A^2/2 + A^3/3 - ..., times 2^k (Higham, Functions of
    /// Matrices, SIAM 2008, chapter 11). False when a square root does not converge (an eigenvalue on the closed
    /// negative real axis has no real principal logarithm).
    /// </summary>
    public static bool TryLog(ReadOnlySpan<double> pIn, int n, out double[] log, out int squareRoots)
    {
        var x = pIn.ToArray();
        squareRoots = 0;
        log = [];
        while (DistanceFromIdentity(x, n) > 0.25)
        {
            if (squareRoots >= 40 || !TrySqrt(x, n, out x))
            {
                return false;
            }

            squareRoots++;
        }

        var a = x;
        for (int i = 0; i < n; i++)
        {
            a[(i * n) + i] -= 1.0;
        }

        var sum = (double[])a.Clone();
        var power = (double[])a.Clone();
        for (int k = 2; k < 200; k++)
        {
            power = Multiply(power, a, n);
            double c = (k % 2 == 0 ? -1.0 : 1.0) / k;
            double termNorm = 0;
            for (int i = 0; i < sum.Length; i++)
            {
                double term = c * power[i];
                sum[i] += term;
                termNorm = Math.Max(termNorm, Math.Abs(term));
            }

            if (termNorm < 1e-18)
            {
                break;
            }
        }

        double f = Math.ScaleB(1.0, squareRoots);
        for (int i = 0; i < sum.Length; i++)
        {
            sum[i] *= f;
        }

        log = sum;
        return true;
    }

    private static double DistanceFromIdentity(ReadOnlySpan<double> x, int n)
    {
        var d = x.ToArray();
        for (int i = 0; i < n; i++)
        {
            d[(i * n) + i] -= 1.0;
        }

        return Norm1(d, n);
    }

    /// <summary>Principal square root by the product form of the Denman-Beavers iteration (Higham 2008, eq. 6.17).</summary>
    private static bool TrySqrt(double[] a, int n, out double[] root)
    {
        // M_0 = A, Y_0 = A: Y_{k+1} = Y_k (I + M_k^-1) / 2, M_{k+1} = (I + (M_k + M_k^-1) / 2) / 2.
        var y = (double[])a.Clone();
        var m = (double[])a.Clone();
        var id = Identity(n);
        root = y;
        for (int it = 0; it < 100; it++)
        {
            if (!TrySolve(m, id, n, out var mInv))
            {
                return false;
            }

            var ip = (double[])mInv.Clone();
            for (int i = 0; i < n; i++)
            {
                ip[(i * n) + i] += 1.0;
            }

            var yNext = Multiply(y, ip, n);
            for (int i = 0; i < yNext.Length; i++)
            {
                yNext[i] *= 0.5;
            }

            double diff = 0;
            for (int i = 0; i < m.Length; i++)
            {
                m[i] = 0.5 * (id[i] + (0.5 * (m[i] + mInv[i])));
                diff = Math.Max(diff, Math.Abs(m[i] - id[i]));
            }

            if (yNext.Any(v => !double.IsFinite(v)))
            {
                return false;
            }

            y = yNext;
            if (diff < 1e-15)
            {
                root = y;
                return true;
            }
        }

        return false;
    }
}
