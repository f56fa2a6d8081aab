using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
        int k = m.FactorCount;
        double logWeight = 0.0;
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

    private const int BatchGroups = 32;
    private const int Batch = BatchGroups * Philox4x32.GroupSize;

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
                ref double ra = ref MemoryMarshal.GetArrayDataReference(a);
                ref double rb = ref MemoryMarshal.GetArrayDataReference(b);
                ref double ru = ref MemoryMarshal.GetArrayDataReference(u);
                ref double lower = ref MemoryMarshal.GetArrayDataReference(s_lower);
                ref double upper = ref MemoryMarshal.GetArrayDataReference(s_upper);
                for (int j = 0; j < len; j++)
                {
                    int o = start + j;
                    double x = (Unsafe.Add(ref ra, o) * scale) + (Unsafe.Add(ref rb, o) * f0);
                    double uj = Unsafe.Add(ref ru, j);
                    double t = (x - TableMin) * (1.0 / TableStep);
                    bool d;
                    if (t >= 0.0 && t < TableSize)
                    {
                        int i = (int)t;
                        if (uj >= Unsafe.Add(ref upper, i + 1))
                        {
                            continue;
                        }

                        d = uj < Unsafe.Add(ref lower, i) || uj < NormalDistribution.CdfUnchecked(x);
                    }
                    else
                    {
                        d = uj < NormalDistribution.CdfUnchecked(x);
                    }

                    if (d)
                    {
                        loss += lossOf[o];
                        defaulted[count++] = o;
                    }
                }
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
