using System.Runtime.CompilerServices;

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

    /// <summary>A uniform in the open interval (0, 1) from the top 52 bits k of a word: (k + 1/2) 2^-52, exact in double precision, in [2^-53, 1 - 2^-53].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double OpenUniform(ulong word) => ((word >> 12) + 0.5) * (1.0 / 4503599627370496.0);
}
