using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// The counter-based random number generator Philox4x32-10: a keyed bijection of a 128-bit counter, so the numbers of
/// any (seed, scenario, obligor) are computed directly, without a sequential state.
/// </summary>
/// <remarks>
/// Salmon, Moraes, Dror and Shaw, "Parallel Random Numbers: As Easy as 1, 2, 3", Proceedings of SC11 (2011),
/// section 3.2 and table 2: ten rounds of (X0, X1, X2, X3) -> (hi(M1 X2) ^ X1 ^ k0, lo(M1 X2), hi(M0 X0) ^ X3 ^ k1, lo(M0 X0))
/// with M0 = 0xD2511F53, M1 = 0xCD9E8D57, the key bumped by the Weyl constants (0x9E3779B9, 0xBB67AE85) between rounds.
/// Checked against the known-answer vectors of the Random123 distribution (kat_vectors).
/// </remarks>
internal static class Philox4x32
{
    private const uint M0 = 0xD2511F53u;
    private const uint M1 = 0xCD9E8D57u;
    private const uint W0 = 0x9E3779B9u;
    private const uint W1 = 0xBB67AE85u;

    /// <summary>One Philox4x32-10 block: the four 32-bit outputs of counter (c0..c3) under key (k0, k1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, out uint x0, out uint x1, out uint x2, out uint x3)
    {
        for (int r = 0; r < 10; r++)
        {
            if (r > 0)
            {
                k0 += W0;
                k1 += W1;
            }

            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0;
            uint n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
        }

        x0 = c0;
        x1 = c1;
        x2 = c2;
        x3 = c3;
    }

    /// <summary>Two 64-bit words of one block: (x1:x0, x3:x2).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Block64(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, out ulong a, out ulong b)
    {
        Block(c0, c1, c2, c3, k0, k1, out uint x0, out uint x1, out uint x2, out uint x3);
        a = ((ulong)x1 << 32) | x0;
        b = ((ulong)x3 << 32) | x2;
    }

    /// <summary>Obligors per group of the uniform layout: group g uses blocks 8g..8g+7; obligor 16g + l takes word a of block
    /// 8g + l, obligor 16g + 8 + l word b (l in [0, 8)).</summary>
    public const int GroupSize = 16;

    /// <summary>The uniform of item <paramref name="index"/> in stream (c1, c2, c3) under the group layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Uniform(long index, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        long g = index >> 4;
        int r = (int)(index & 15);
        Block64((uint)((g * 8) + (r & 7)), c1, c2, c3, k0, k1, out ulong a, out ulong b);
        return OpenUniform(r < 8 ? a : b);
    }

    /// <summary>Fills uniforms of items [16 firstGroup, 16 (firstGroup + groups)) of stream (c1, c2, c3); AVX2 when available.</summary>
    public static void FillUniforms(Span<double> destination, long firstGroup, int groups, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        if (Avx2.IsSupported)
        {
            FillAvx2(destination, firstGroup, groups, c1, c2, c3, k0, k1);
            return;
        }

        for (int g = 0; g < groups; g++)
        {
            for (int l = 0; l < 8; l++)
            {
                Block64((uint)(((firstGroup + g) * 8) + l), c1, c2, c3, k0, k1, out ulong a, out ulong b);
                destination[(g * 16) + l] = OpenUniform(a);
                destination[(g * 16) + 8 + l] = OpenUniform(b);
            }
        }
    }

    /// <remarks>
    /// Four independent chains of four blocks each (two groups) go through the ten rounds side by side: one chain is
    /// bound by the latency of its multiply-shift-xor sequence (about 6 cycles a round), four fill the vector ports.
    /// The upper halves of the 64-bit lanes are masked off once at the end, not every round (the 32-bit multiplies read
    /// only the lower halves). Same numbers as <see cref="Block64"/>, word for word.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillAvx2(Span<double> destination, long firstGroup, int groups, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        if (destination.Length < groups * GroupSize)
        {
            throw new ArgumentException("The destination is shorter than the groups requested.", nameof(destination));
        }

        Span<ulong> keys = stackalloc ulong[20];
        uint kk0 = k0, kk1 = k1;
        for (int r = 0; r < 10; r++)
        {
            keys[2 * r] = kk0;
            keys[(2 * r) + 1] = kk1;
            kk0 += W0;
            kk1 += W1;
        }

        ref ulong rk = ref MemoryMarshal.GetReference(keys);
        ref double rd = ref MemoryMarshal.GetReference(destination);
        var m0 = Vector256.Create((ulong)M0).AsUInt32();
        var m1 = Vector256.Create((ulong)M1).AsUInt32();
        var lanes = Vector256.Create(0UL, 1UL, 2UL, 3UL);
        var v1 = Vector256.Create((ulong)c1);
        var v2 = Vector256.Create((ulong)c2);
        var v3 = Vector256.Create((ulong)c3);
        int g = Avx512F.IsSupported ? FillAvx512(ref rd, firstGroup, groups, c1, c2, c3, ref rk) : 0;
        for (; g + 2 <= groups; g += 2)
        {
            ulong baseBlock = (ulong)(firstGroup + g) * 8;
            var a0 = Vector256.Create(baseBlock) + lanes;
            var b0 = a0 + Vector256.Create(4UL);
            var c0 = a0 + Vector256.Create(8UL);
            var d0 = a0 + Vector256.Create(12UL);
            Vector256<ulong> a1 = v1, b1 = v1, cc1 = v1, d1 = v1;
            Vector256<ulong> a2 = v2, b2 = v2, cc2 = v2, d2 = v2;
            Vector256<ulong> a3 = v3, b3 = v3, cc3 = v3, d3 = v3;
            for (int r = 0; r < 10; r++)
            {
                var key0 = Vector256.Create(Unsafe.Add(ref rk, 2 * r));
                var key1 = Vector256.Create(Unsafe.Add(ref rk, (2 * r) + 1));
                Round(ref a0, ref a1, ref a2, ref a3, m0, m1, key0, key1);
                Round(ref b0, ref b1, ref b2, ref b3, m0, m1, key0, key1);
                Round(ref c0, ref cc1, ref cc2, ref cc3, m0, m1, key0, key1);
                Round(ref d0, ref d1, ref d2, ref d3, m0, m1, key0, key1);
            }

            ref double at = ref Unsafe.Add(ref rd, g * GroupSize);
            Store(ref at, 0, a0, a1, a2, a3);
            Store(ref at, 4, b0, b1, b2, b3);
            Store(ref at, 16, c0, cc1, cc2, cc3);
            Store(ref at, 20, d0, d1, d2, d3);
        }

        if (g < groups)
        {
            ulong baseBlock = (ulong)(firstGroup + g) * 8;
            var a0 = Vector256.Create(baseBlock) + lanes;
            var b0 = a0 + Vector256.Create(4UL);
            Vector256<ulong> a1 = v1, b1 = v1, a2 = v2, b2 = v2, a3 = v3, b3 = v3;
            for (int r = 0; r < 10; r++)
            {
                var key0 = Vector256.Create(Unsafe.Add(ref rk, 2 * r));
                var key1 = Vector256.Create(Unsafe.Add(ref rk, (2 * r) + 1));
                Round(ref a0, ref a1, ref a2, ref a3, m0, m1, key0, key1);
                Round(ref b0, ref b1, ref b2, ref b3, m0, m1, key0, key1);
            }

            ref double at = ref Unsafe.Add(ref rd, g * GroupSize);
            Store(ref at, 0, a0, a1, a2, a3);
            Store(ref at, 4, b0, b1, b2, b3);
        }
    }

    /// <summary>
    /// The AVX-512 part of <see cref="FillAvx2"/>: four groups at a time, one group (eight blocks) per 512-bit chain, four
    /// chains side by side; returns the number of groups filled (a multiple of four).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int FillAvx512(ref double destination, long firstGroup, int groups, uint c1, uint c2, uint c3, ref ulong keys)
    {
        var m0 = Vector512.Create((ulong)M0).AsUInt32();
        var m1 = Vector512.Create((ulong)M1).AsUInt32();
        var lanes = Vector512.Create(0UL, 1UL, 2UL, 3UL, 4UL, 5UL, 6UL, 7UL);
        var v1 = Vector512.Create((ulong)c1);
        var v2 = Vector512.Create((ulong)c2);
        var v3 = Vector512.Create((ulong)c3);
        var mask = Vector512.Create(0xFFFFFFFFUL);
        var one = Vector512.Create(0x3FF0000000000000UL);
        var half = Vector512.Create((1.0 / 9007199254740992.0) - 1.0);
        int g = 0;
        for (; g + 4 <= groups; g += 4)
        {
            var a0 = Vector512.Create((ulong)(firstGroup + g) * 8) + lanes;
            var b0 = a0 + Vector512.Create(8UL);
            var c0 = a0 + Vector512.Create(16UL);
            var d0 = a0 + Vector512.Create(24UL);
            Vector512<ulong> a1 = v1, b1 = v1, cc1 = v1, d1 = v1;
            Vector512<ulong> a2 = v2, b2 = v2, cc2 = v2, d2 = v2;
            Vector512<ulong> a3 = v3, b3 = v3, cc3 = v3, d3 = v3;
            for (int r = 0; r < 10; r++)
            {
                var key0 = Vector512.Create(Unsafe.Add(ref keys, 2 * r));
                var key1 = Vector512.Create(Unsafe.Add(ref keys, (2 * r) + 1));
                var pa0 = Avx512F.Multiply(a0.AsUInt32(), m0);
                var pa1 = Avx512F.Multiply(a2.AsUInt32(), m1);
                var pb0 = Avx512F.Multiply(b0.AsUInt32(), m0);
                var pb1 = Avx512F.Multiply(b2.AsUInt32(), m1);
                var pc0 = Avx512F.Multiply(c0.AsUInt32(), m0);
                var pc1 = Avx512F.Multiply(cc2.AsUInt32(), m1);
                var pd0 = Avx512F.Multiply(d0.AsUInt32(), m0);
                var pd1 = Avx512F.Multiply(d2.AsUInt32(), m1);
                a0 = (pa1 >>> 32) ^ (a1 ^ key0);
                a1 = pa1;
                a2 = (pa0 >>> 32) ^ (a3 ^ key1);
                a3 = pa0;
                b0 = (pb1 >>> 32) ^ (b1 ^ key0);
                b1 = pb1;
                b2 = (pb0 >>> 32) ^ (b3 ^ key1);
                b3 = pb0;
                c0 = (pc1 >>> 32) ^ (cc1 ^ key0);
                cc1 = pc1;
                cc2 = (pc0 >>> 32) ^ (cc3 ^ key1);
                cc3 = pc0;
                d0 = (pd1 >>> 32) ^ (d1 ^ key0);
                d1 = pd1;
                d2 = (pd0 >>> 32) ^ (d3 ^ key1);
                d3 = pd0;
            }

            ref double at = ref Unsafe.Add(ref destination, g * GroupSize);
            (((((a1 << 32) | (a0 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 0);
            (((((a3 << 32) | (a2 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 8);
            (((((b1 << 32) | (b0 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 16);
            (((((b3 << 32) | (b2 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 24);
            (((((cc1 << 32) | (c0 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 32);
            (((((cc3 << 32) | (cc2 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 40);
            (((((d1 << 32) | (d0 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 48);
            (((((d3 << 32) | (d2 & mask)) >>> 12) | one).AsDouble() + half).StoreUnsafe(ref at, 56);
        }

        return g;
    }

    /// <summary>One Philox round on four blocks (64-bit lanes, the words in their lower halves; upper halves ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Round(ref Vector256<ulong> x0, ref Vector256<ulong> x1, ref Vector256<ulong> x2, ref Vector256<ulong> x3,
        Vector256<uint> m0, Vector256<uint> m1, Vector256<ulong> key0, Vector256<ulong> key1)
    {
        var p0 = Avx2.Multiply(x0.AsUInt32(), m0);
        var p1 = Avx2.Multiply(x2.AsUInt32(), m1);
        x0 = (p1 >>> 32) ^ (x1 ^ key0);
        x1 = p1;
        x2 = (p0 >>> 32) ^ (x3 ^ key1);
        x3 = p0;
    }

    /// <summary>Writes the uniforms of four blocks: word a to items [offset, offset + 4), word b to items [offset + 8, offset + 12).</summary>
    /// <remarks>a = x1:x0, b = x3:x2; uniform (k + 1/2) 2^-52 from the top 52 bits k, built as 1 + k 2^-52 then shifted.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double destination, int offset, Vector256<ulong> x0, Vector256<ulong> x1, Vector256<ulong> x2, Vector256<ulong> x3)
    {
        var mask = Vector256.Create(0xFFFFFFFFUL);
        var one = Vector256.Create(0x3FF0000000000000UL);
        var half = Vector256.Create((1.0 / 9007199254740992.0) - 1.0);
        var a = (x1 << 32) | (x0 & mask);
        var b = (x3 << 32) | (x2 & mask);
        (((a >>> 12) | one).AsDouble() + half).StoreUnsafe(ref destination, (nuint)offset);
        (((b >>> 12) | one).AsDouble() + half).StoreUnsafe(ref destination, (nuint)(offset + 8));
    }

    /// <summary>A uniform in the open interval (0, 1) from the top 52 bits k of a word: (k + 1/2) 2^-52, exact in double precision, in [2^-53, 1 - 2^-53].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OpenUniform(ulong word) => ((word >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}
