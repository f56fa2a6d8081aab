using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ValueCore.Numerics;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// Generates one scenario of a portfolio from the counter-based generator: everything is a function of
/// (seed, scenario, obligor or factor), so any scenario can be regenerated exactly. One engine per thread.
/// </summary>
/// <remarks>
/// Counters (c0, c1, c2, c3) of Philox4x32-10 under key (seed low, seed high): stream c3 = 0 for obligor uniforms,
/// 1 for factor uniforms, 2 for the chi-square uniform of the t copula; c1, c2 the scenario's low and high words; item i of
/// a stream takes word a (i mod 16 &lt; 8) or b of block c0 = 8 floor(i / 16) + (i mod 8) (<see cref="Philox4x32.Uniform"/>).
/// Factor normals are G(U) (AS 241); the obligor defaults when U_o &lt; N(x_o), which is G(U_o) &lt; x_o, i.e. the
/// idiosyncratic normal below its conditional threshold, without computing that normal. N(x) is bracketed by a
/// table at 1/128 steps: only when U falls inside the bracket is N computed in full, so decisions equal those of the
/// full computation.
/// </remarks>
internal sealed class ScenarioEngine
{
    private const double TableMin = -9.0;
    private const double TableStep = 1.0 / 128.0;
    private const int TableSize = 18 * 128;
    private static readonly double[] s_lower = BuildTable(1.0 - 1e-13);
    private static readonly double[] s_upper = BuildTable(1.0 + 1e-13);

    private readonly ObligorModel _model;
    private readonly double[] _y;
    private readonly double[] _f;
    private readonly double[] _p;
    private readonly int[] _defaulted;
    private readonly double[] _u = new double[Batch];

    public ScenarioEngine(ObligorModel model)
    {
        _model = model;
        _y = new double[model.FactorCount];
        _f = new double[model.GroupCount];
        _p = model.ImportanceSampling ? new double[model.ObligorCount] : [];
        _defaulted = new int[model.ObligorCount];
    }

    /// <summary>The portfolio loss of the last scenario, in currency (obligor losses summed in obligor order).</summary>
    public double Loss { get; private set; }

    /// <summary>The likelihood ratio of the last scenario (1 without importance sampling).</summary>
    public double Weight { get; private set; }

    /// <summary>The obligors that defaulted in the last scenario, in increasing order.</summary>
    public ReadOnlySpan<int> Defaulted => _defaulted.AsSpan(0, DefaultCount);

    public int DefaultCount { get; private set; }

    public void Run(long scenario)
    {
        var m = _model;
        uint c1 = (uint)scenario, c2 = (uint)((ulong)scenario >> 32);
        double scale = Systematic(scenario, out double logWeight);

        if (m.ImportanceSampling)
        {
            logWeight += RunTwisted(c1, c2, scale);
            Weight = Math.Exp(logWeight);
        }
        else
        {
            RunPlain(c1, c2, scale);
            Weight = 1.0;
        }
    }

    /// <summary>
    /// The systematic part of a scenario: the factor normals Y (shifted under importance sampling), the group factors
    /// f_g (then <see cref="GroupFactor"/>) and the scale s of the thresholds (sqrt(W / nu) in the t copula, else 1).
    /// </summary>
    /// <param name="scenario">The scenario number.</param>
    /// <param name="logWeight">The log of the factor shift's likelihood ratio (0 without importance sampling).</param>
    /// <returns>The scale s.</returns>
    public double Systematic(long scenario, out double logWeight)
    {
        var m = _model;
        uint c1 = (uint)scenario, c2 = (uint)((ulong)scenario >> 32);
        int k = m.FactorCount;
        logWeight = 0.0;
        for (int j = 0; j < k; j++)
        {
            _y[j] = NormalDistribution.InverseCdfUnchecked(Philox4x32.Uniform(j, c1, c2, 1u, m.Key0, m.Key1));
        }

        if (m.ImportanceSampling)
        {
            // Y ~ N(mu, I) under the sampling law; likelihood ratio phi(Y) / phi(Y - mu) = exp(-mu'Y + mu'mu / 2).
            for (int j = 0; j < k; j++)
            {
                double mu = m.Shift[j];
                _y[j] += mu;
                logWeight += (-mu * _y[j]) + (0.5 * mu * mu);
            }
        }

        var proj = m.Projection;
        for (int g = 0; g < _f.Length; g++)
        {
            double s = 0.0;
            for (int j = 0; j < k; j++)
            {
                s += proj[(g * k) + j] * _y[j];
            }

            _f[g] = s;
        }

        double scale = 1.0;
        if (m.Copula == CopulaKind.StudentT)
        {
            double nu = m.DegreesOfFreedom;
            double chi2 = 2.0 * MathNet.Numerics.SpecialFunctions.GammaLowerRegularizedInv(0.5 * nu, Philox4x32.Uniform(0, c1, c2, 2u, m.Key0, m.Key1));
            if (!(chi2 > 0.0 && double.IsFinite(chi2)))
            {
                throw new InvalidOperationException("The chi-square draw of the t copula could not be computed (inverse incomplete gamma failed).");
            }

            scale = Math.Sqrt(chi2 / nu);
        }

        return scale;
    }

    /// <summary>The factor f_g of group g in the last <see cref="Systematic"/> call.</summary>
    public double GroupFactor(int g) => _f[g];

    private const int BatchGroups = 32;
    private const int Batch = BatchGroups * Philox4x32.GroupSize;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunPlain(uint c1, uint c2, double scale)
    {
        var m = _model;
        var a = m.A;
        var b = m.B;
        var grp = m.Group;
        var f = _f;
        var lossOf = m.ObligorLoss;
        var defaulted = _defaulted;
        var u = _u;
        int n = m.ObligorCount;
        bool oneGroup = f.Length == 1;
        double f0 = oneGroup ? f[0] : 0.0;
        double loss = 0.0;
        int count = 0;
        for (int start = 0; start < n; start += Batch)
        {
            int len = Math.Min(Batch, n - start);
            Philox4x32.FillUniforms(u, start / Philox4x32.GroupSize, (len + Philox4x32.GroupSize - 1) / Philox4x32.GroupSize, c1, c2, 0u, m.Key0, m.Key1);
            if (oneGroup)
            {
                count = TestOneGroup(a, b, lossOf, u, defaulted, start, len, scale, f0, ref loss, count);
            }
            else
            {
                for (int j = 0; j < len; j++)
                {
                    int o = start + j;
                    double x = (a[o] * scale) + (b[o] * f[grp[o]]);
                    if (Defaults(u[j], x))
                    {
                        loss += lossOf[o];
                        defaulted[count++] = o;
                    }
                }
            }
        }

        Loss = loss;
        DefaultCount = count;
    }

    /// <summary>
    /// The default test of obligors [start, start + len) with one factor group: U_o &lt; N(a_o s + b_o f), obligors in
    /// increasing order; appends the defaulted to <paramref name="defaulted"/> and adds their losses to
    /// <paramref name="loss"/> in obligor order. Returns the new count.
    /// </summary>
    /// <remarks>
    /// Four obligors at a time: the thresholds x and table positions t = (x + 9) 128 in vector registers, the four
    /// table values N(x_k+1) (1 + 1e-13) loaded and compared with the four uniforms at once. When every U is at or
    /// above its bracket's upper end (all four survive, the common case) the four are done; otherwise the four go
    /// through the scalar test of <see cref="Defaults"/>'s bracket, in order, so decisions and the order of the loss
    /// sum are those of the one-at-a-time loop.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int TestOneGroup(double[] a, double[] b, double[] lossOf, double[] u, int[] defaulted, int start, int len, double scale,
        double f0, ref double loss, int count)
    {
        ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
        ref double rb = ref MemoryMarshal.GetArrayDataReference(b);
        ref double ru = ref MemoryMarshal.GetArrayDataReference(u);
        ref double upper = ref MemoryMarshal.GetArrayDataReference(s_upper);
        int j = 0;
        if (Avx.IsSupported && a.Length >= start + len && b.Length >= start + len && u.Length >= len)
        {
            var vs = Vector256.Create(scale);
            var vf = Vector256.Create(f0);
            var vmin = Vector256.Create(TableMin);
            var vinv = Vector256.Create(1.0 / TableStep);
            var vsize = Vector256.Create((double)TableSize);
            var vlast = Vector256.Create((double)(TableSize - 1));
            for (; j + 4 <= len; j += 4)
            {
                int o = start + j;
                var x = (Vector256.LoadUnsafe(ref ra, (nuint)o) * vs) + (Vector256.LoadUnsafe(ref rb, (nuint)o) * vf);
                var t = (x - vmin) * vinv;
                var inRange = Vector256.GreaterThanOrEqual(t, Vector256<double>.Zero) & Vector256.LessThan(t, vsize);
                var i = Avx.ConvertToVector128Int32WithTruncation(Vector256.Min(Vector256.Max(t, Vector256<double>.Zero), vlast));
                var top = Vector256.Create(
                    Unsafe.Add(ref upper, i.GetElement(0) + 1),
                    Unsafe.Add(ref upper, i.GetElement(1) + 1),
                    Unsafe.Add(ref upper, i.GetElement(2) + 1),
                    Unsafe.Add(ref upper, i.GetElement(3) + 1));
                var survive = inRange & Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref ru, (nuint)j), top);
                if (survive.ExtractMostSignificantBits() == 0xF)
                {
                    continue;
                }

                for (int k = j; k < j + 4; k++)
                {
                    TestOne(ref ra, ref rb, ref ru, lossOf, defaulted, start, k, scale, f0, ref loss, ref count);
                }
            }
        }

        for (; j < len; j++)
        {
            TestOne(ref ra, ref rb, ref ru, lossOf, defaulted, start, j, scale, f0, ref loss, ref count);
        }

        return count;
    }

    /// <summary>The default test of obligor start + j, one at a time (the table bracket, then N(x) in full inside it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TestOne(ref double ra, ref double rb, ref double ru, double[] lossOf, int[] defaulted, int start, int j, double scale,
        double f0, ref double loss, ref int count)
    {
        int o = start + j;
        double x = (Unsafe.Add(ref ra, o) * scale) + (Unsafe.Add(ref rb, o) * f0);
        if (Defaults(Unsafe.Add(ref ru, j), x))
        {
            loss += lossOf[o];
            defaulted[count++] = o;
        }
    }

    /// <summary>Exponential twisting of the conditional default probabilities; returns log of the twisting likelihood ratio, -theta l + psi(theta).</summary>
    private double RunTwisted(uint c1, uint c2, double scale)
    {
        var m = _model;
        int n = m.ObligorCount;
        var p = _p;
        var share = m.ObligorShare;
        double condEl = 0.0;
        for (int o = 0; o < n; o++)
        {
            p[o] = NormalDistribution.CdfUnchecked((m.A[o] * scale) + (m.B[o] * _f[m.Group[o]]));
            condEl += share[o] * p[o];
        }

        double theta = condEl >= m.TwistTarget ? 0.0 : Twisting.SolveTheta(p.AsSpan(0, n), share, m.TwistTarget);
        double loss = 0.0, lossShare = 0.0;
        int count = 0;
        var u = _u;
        for (int start = 0; start < n; start += Batch)
        {
            int len = Math.Min(Batch, n - start);
            Philox4x32.FillUniforms(u, start / Philox4x32.GroupSize, (len + Philox4x32.GroupSize - 1) / Philox4x32.GroupSize, c1, c2, 0u, m.Key0, m.Key1);
            for (int j = 0; j < len; j++)
            {
                int o = start + j;
                if (u[j] < Twisting.Twisted(p[o], share[o], theta))
                {
                    loss += m.ObligorLoss[o];
                    lossShare += share[o];
                    _defaulted[count++] = o;
                }
            }
        }

        Loss = loss;
        DefaultCount = count;
        return theta == 0.0 ? 0.0 : (-theta * lossShare) + Twisting.Psi(p.AsSpan(0, n), share, theta);
    }

    /// <summary>An upper bound of N(x) from the table: N(x_k+1) (1 + 1e-13) with x_k the table point at or below x
    /// (N(-9) (1 + 1e-13) below the table, 2 above it or for NaN). Non-decreasing in x; U at or above it is no default.</summary>
    internal static double UpperBound(double x)
    {
        double t = (x - TableMin) * (1.0 / TableStep);
        if (t < 0.0)
        {
            return s_upper[0];
        }

        return t < TableSize ? s_upper[(int)t + 1] : 2.0;
    }

    /// <summary>Whether U &lt; N(x), decided from the table bracket N(x_k) &lt;= N(x) &lt;= N(x_k+1) where possible.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool Defaults(double u, double x)
    {
        double t = (x - TableMin) * (1.0 / TableStep);
        if (t >= 0.0 && t < TableSize)
        {
            int i = (int)t;
            if (u < s_lower[i])
            {
                return true;
            }

            if (u >= s_upper[i + 1])
            {
                return false;
            }
        }

        return u < NormalDistribution.CdfUnchecked(x);
    }

    private static double[] BuildTable(double factor)
    {
        var t = new double[TableSize + 1];
        for (int i = 0; i <= TableSize; i++)
        {
            t[i] = NormalDistribution.CdfUnchecked(TableMin + (i * TableStep)) * factor;
        }

        return t;
    }
}
