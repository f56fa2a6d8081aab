using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The first pass of up to 64 scenarios of a one-group model without importance sampling, in tiles of obligors x
/// scenarios: the same random numbers, default decisions, losses (summed in obligor order) and exact per-obligor sums
/// as <see cref="ScenarioEngine"/> scenario by scenario, at a fraction of the work per obligor-scenario. One per thread.
/// </summary>
/// <remarks>
/// <para>The chunk's scenarios are sorted by their factor f and cut into bands of eight. For every obligor of a tile
/// (256 obligors: parameters, bounds and uniforms stay in L1) and every band, one table look-up gives an upper bound
/// B = N(x_k+1) (1 + 1e-13) of N(x) for every scenario of the band, x_k the table point at or below the band's largest
/// threshold x_max = a s_ext + b f_ext (the products rounded as the engine rounds them, so x &lt;= x_max in floating point
/// too). The default test of a scenario is then U &gt;= B for most obligors, a vector compare of two arrays; only the
/// obligors with U &lt; B (about 1.5 PD of them) go through the engine's exact test (<see cref="ScenarioEngine.Defaults"/>).</para>
/// <para>Defaults are kept as one 64-bit mask per obligor (bit k: scenario k of the chunk) and added to the exact sums
/// after the chunk, obligor by obligor in memory order: the sums are integers, so the order does not change them.</para>
/// </remarks>
internal sealed class ScenarioTiles
{
    /// <summary>Scenarios per chunk: the bits of a default mask.</summary>
    public const int ChunkScenarios = 64;

    private const int Tile = 256;
    private const int Band = 8;
    private const int Bands = ChunkScenarios / Band;

    /// <summary>k x the ticks of 1 (k defaults of an obligor in a chunk), k in [0, 64].</summary>
    private static readonly Int128[] s_counts = [.. Enumerable.Range(0, ChunkScenarios + 1).Select(k => ExactSum.Ticks(1.0) * k)];

    private readonly ObligorModel _model;
    private readonly ScenarioEngine _engine;
    private readonly double[] _u = new double[Tile];
    private readonly double[] _bound = new double[Bands * Tile];
    private readonly double[] _f = new double[ChunkScenarios];
    private readonly double[] _scale = new double[ChunkScenarios];
    private readonly double[] _loss = new double[ChunkScenarios];
    private readonly int[] _order = new int[ChunkScenarios];
    private readonly double[] _key = new double[ChunkScenarios];
    private readonly Int128[] _t1 = new Int128[ChunkScenarios];
    private readonly Int128[] _t4 = new Int128[ChunkScenarios];
    private readonly ulong[] _mask;

    public ScenarioTiles(ObligorModel model)
    {
        System.Diagnostics.Debug.Assert(model.GroupCount == 1 && !model.ImportanceSampling, "one group, no importance sampling");
        _model = model;
        _engine = new ScenarioEngine(model);
        _mask = new ulong[model.ObligorCount];
    }

    /// <summary>Whether the model can be run in tiles (one factor group, no importance sampling).</summary>
    public static bool Supports(ObligorModel model) => model.GroupCount == 1 && !model.ImportanceSampling;

    /// <summary>
    /// Runs scenarios first + [0, count) (count &lt;= 64): writes their losses to <paramref name="loss"/> and adds the
    /// three exact sums per obligor (1, l, l^2 over the scenarios it defaults in; l = loss / norm) into <paramref name="sums"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(long first, int count, double norm, Span<double> loss, Int128[] sums)
    {
        System.Diagnostics.Debug.Assert(count is > 0 and <= ChunkScenarios, "count in [1, 64]");
        var m = _model;
        int n = m.ObligorCount;
        for (int k = 0; k < count; k++)
        {
            _scale[k] = _engine.Systematic(first + k, out _);
            _f[k] = _engine.GroupFactor(0);
            _loss[k] = 0.0;
            _order[k] = k;
            _key[k] = _f[k];
        }

        // Bands of scenarios close in f (ties by scenario: the sort is deterministic, and only the bounds depend on it).
        Array.Sort(_key, _order, 0, count);
        int bands = (count + Band - 1) / Band;
        Span<double> fLo = stackalloc double[Bands];
        Span<double> fHi = stackalloc double[Bands];
        Span<double> sLo = stackalloc double[Bands];
        Span<double> sHi = stackalloc double[Bands];
        for (int band = 0; band < bands; band++)
        {
            fLo[band] = sLo[band] = double.PositiveInfinity;
            fHi[band] = sHi[band] = double.NegativeInfinity;
            for (int r = band * Band; r < Math.Min(count, (band + 1) * Band); r++)
            {
                int k = _order[r];
                fLo[band] = Math.Min(fLo[band], _f[k]);
                fHi[band] = Math.Max(fHi[band], _f[k]);
                sLo[band] = Math.Min(sLo[band], _scale[k]);
                sHi[band] = Math.Max(sHi[band], _scale[k]);
            }
        }

        var a = m.A;
        var b = m.B;
        var lossOf = m.ObligorLoss;
        var mask = _mask;
        for (int start = 0; start < n; start += Tile)
        {
            int len = Math.Min(Tile, n - start);
            for (int band = 0; band < bands; band++)
            {
                var bound = _bound.AsSpan(band * Tile, len);
                for (int j = 0; j < len; j++)
                {
                    double ao = a[start + j], bo = b[start + j];
                    double x = (ao * (ao >= 0.0 ? sHi[band] : sLo[band])) + (bo * (bo >= 0.0 ? fHi[band] : fLo[band]));
                    bound[j] = ScenarioEngine.UpperBound(x);
                }
            }

            int groups = (len + Philox4x32.GroupSize - 1) / Philox4x32.GroupSize;
            for (int r = 0; r < count; r++)
            {
                int k = _order[r];
                long scenario = first + k;
                Philox4x32.FillUniforms(_u, start / Philox4x32.GroupSize, groups, (uint)scenario, (uint)((ulong)scenario >> 32), 0u, m.Key0, m.Key1);
                var bound = _bound.AsSpan((r / Band) * Tile, len);
                ulong bit = 1UL << k;
                double scale = _scale[k], f0 = _f[k];
                double lossK = _loss[k];
                int j = 0;
                ref double ru = ref MemoryMarshal.GetArrayDataReference(_u);
                ref double rb = ref MemoryMarshal.GetReference(bound);
                if (Vector512.IsHardwareAccelerated)
                {
                    for (; j + Vector512<double>.Count <= len; j += Vector512<double>.Count)
                    {
                        ulong flagged = Vector512.LessThan(Vector512.LoadUnsafe(ref ru, (nuint)j), Vector512.LoadUnsafe(ref rb, (nuint)j)).ExtractMostSignificantBits();
                        while (flagged != 0)
                        {
                            int o = start + j + BitOperations.TrailingZeroCount(flagged);
                            flagged &= flagged - 1;
                            if (ScenarioEngine.Defaults(Unsafe.Add(ref ru, o - start), (a[o] * scale) + (b[o] * f0)))
                            {
                                lossK += lossOf[o];
                                mask[o] |= bit;
                            }
                        }
                    }
                }

                for (; j + Vector256<double>.Count <= len; j += Vector256<double>.Count)
                {
                    uint flagged = Vector256.LessThan(Vector256.LoadUnsafe(ref ru, (nuint)j), Vector256.LoadUnsafe(ref rb, (nuint)j)).ExtractMostSignificantBits();
                    while (flagged != 0)
                    {
                        int o = start + j + BitOperations.TrailingZeroCount(flagged);
                        flagged &= flagged - 1;
                        if (ScenarioEngine.Defaults(Unsafe.Add(ref ru, o - start), (a[o] * scale) + (b[o] * f0)))
                        {
                            lossK += lossOf[o];
                            mask[o] |= bit;
                        }
                    }
                }

                for (; j < len; j++)
                {
                    int o = start + j;
                    if (_u[j] < bound[j] && ScenarioEngine.Defaults(_u[j], (a[o] * scale) + (b[o] * f0)))
                    {
                        lossK += lossOf[o];
                        mask[o] |= bit;
                    }
                }

                _loss[k] = lossK;
            }
        }

        for (int k = 0; k < count; k++)
        {
            loss[k] = _loss[k];
            double l = _loss[k] / norm;
            _t1[k] = ExactSum.Ticks(l);
            _t4[k] = ExactSum.Ticks(l * l);
        }

        for (int o = 0; o < n; o++)
        {
            ulong bits = mask[o];
            if (bits == 0)
            {
                continue;
            }

            mask[o] = 0;
            int at = o * 3;
            Int128 s1 = sums[at + 1], s2 = sums[at + 2];
            sums[at] = checked(sums[at] + s_counts[BitOperations.PopCount(bits)]);
            do
            {
                int k = BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                s1 = checked(s1 + _t1[k]);
                s2 = checked(s2 + _t4[k]);
            }
            while (bits != 0);

            sums[at + 1] = s1;
            sums[at + 2] = s2;
        }
    }
}
