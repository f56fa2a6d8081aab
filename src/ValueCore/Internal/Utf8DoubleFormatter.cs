using System.Buffers.Binary;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ValueCore.Internal;

/// <summary>
/// Writes a finite <see cref="double"/> as UTF-8 text, byte for byte the same as
/// <c>value.ToString("R", CultureInfo.InvariantCulture)</c> on .NET 10, without allocating.
/// </summary>
/// <remarks>
/// <para>The digits are the shortest decimal that reads back as the same double (and, among equally short ones,
/// the one nearest to the exact binary value, ties to even), found with Schubfach: Raffaello Giulietti, "The
/// Schubfach way to render doubles" (2020, revised 2021; the algorithm of Java 19's Double.toString).
/// With k = floor(log10(ulp)) the rounding interval holds at most one multiple of 10^(k+1) and at least one of
/// 10^k: the former, if there, is the shortest; otherwise the nearer of the two multiples of 10^k around the value.
/// One multiplication by a 126-bit power of ten (<see cref="Pow10Significands"/>) per bound, rounded to odd, is
/// exact enough for every double (the paper's theorem). Integers below 2^53 skip it: their own digits are already
/// the shortest. Most other doubles skip it too: one product and two shifts place the value and its interval between
/// integers with 64 fraction bits, and when nothing lies within 2^-61 of an integer the answer follows without the
/// three exact products (<see cref="TryNearestDigits"/>; 20.7 -> 18.5 ns a value in the native build).</para>
/// <para>The layout follows the BCL's "R" (round-trip) format, checked against .NET 10: plain notation while the
/// decimal exponent x of d.ddd x 10^x is in -5 &lt; x &lt; 17 (so 1E-05 but 0.0001, 10000000000000000 but 1E+17),
/// otherwise d.dddE+xx / d.dddE-xx with at least two exponent digits. Negative zero is "-0". The digits are padded
/// to exactly 17 (trailing zeros) and turned into ASCII as one 16-byte vector plus the leading digit; the count of
/// trailing '0' lanes gives the significant length, so no digit loop or length-dependent branch is needed.</para>
/// <para>One known difference: for 2^-25 and 2^-958, .NET 10's Dragon4 fallback uses equal rounding margins at an
/// exact power of two and prints 2.980232238769531E-08 and 4.104536801298376E-289, which read back as the next
/// double down (dotnet/runtime pull request 131131 fixes it). This class writes the correct shortest round-trip
/// strings, 2.9802322387695312E-08 and 4.1045368012983762E-289.</para>
/// </remarks>
internal static class Utf8DoubleFormatter
{
    /// <summary>The most bytes one value can take (the longest is 24, as in -1.2345678901234567E-308).</summary>
    public const int MaxLength = 32;

    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;

    /// <summary>The binary exponent q of subnormals and of the smallest normals: value = c x 2^q.</summary>
    private const int MinBinaryExponent = 1 - ExponentBias - MantissaBits;

    // Plain notation is used for scientific exponents in [MinPlainExponent, MaxPlainExponent].
    private const int MinPlainExponent = -5 + 1;
    private const int MaxPlainExponent = 17 - 1;

    /// <summary>
    /// Writes the shortest round-trip representation of a finite double as UTF-8 and returns the bytes written.
    /// </summary>
    /// <param name="value">A finite value (never NaN nor an infinity).</param>
    /// <param name="destination">
    /// At least <see cref="MaxLength"/> bytes. The digits are stored in fixed-size blocks, so bytes past the returned
    /// count (never past <see cref="MaxLength"/>) may be overwritten too.
    /// </param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="MaxLength"/>.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Format(double value, Span<byte> destination)
    {
        Debug.Assert(double.IsFinite(value), "Callers never pass NaN or an infinity.");
        if (destination.Length < MaxLength)
        {
            ThrowDestinationTooShort(nameof(destination));
        }

        // Every store into destination below stays inside destination[..MaxLength], checked once above: the
        // sign, then at most 23 bytes (see Layout).
        ref var start = ref MemoryMarshal.GetReference(destination);
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var sign = (int)(bits >> 63);
        start = (byte)'-';

        var ieeeMantissa = bits & ((1UL << MantissaBits) - 1);
        var ieeeExponent = (int)(bits >> MantissaBits) & 0x7FF;
        if (ieeeExponent == 0 && ieeeMantissa == 0)
        {
            Unsafe.Add(ref start, sign) = (byte)'0';
            return sign + 1;
        }

        ulong padded;
        int scientificExponent;
        if (TryIntegerDigits(ieeeMantissa, ieeeExponent, out var integer))
        {
            var count = CountDigits(integer);
            scientificExponent = count - 1;
            padded = integer * PowersOf10[17 - count];
        }
        else if (!TryNearestDigits(ieeeMantissa, ieeeExponent, out padded, out scientificExponent))
        {
            padded = ShortestDigits(ieeeMantissa, ieeeExponent, out scientificExponent);
        }

        return sign + Layout(ref Unsafe.Add(ref start, sign), padded, scientificExponent);
    }

    /// <summary>
    /// Shortcut for integers in [1, 2^53): with a spacing of at most 1 between neighbouring doubles no shorter
    /// decimal lies in the rounding interval, so the digits are the integer's own (the layout drops trailing zeros).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryIntegerDigits(ulong ieeeMantissa, int ieeeExponent, out ulong integer)
    {
        var shift = ExponentBias + MantissaBits - ieeeExponent; // value = m2 / 2^shift
        var m2 = ieeeMantissa | (1UL << MantissaBits);
        integer = m2 >> (shift & 63);
        return (uint)shift <= MantissaBits && integer << shift == m2;
    }

    /// <summary>
    /// The common case in one product instead of Schubfach's three: the shortest digits of a normal double whose
    /// significand is not a power of two, when the scaled value and its interval's ends lie clearly between integers;
    /// false (and the exact <see cref="ShortestDigits"/> decides) otherwise.
    /// </summary>
    /// <remarks>
    /// <para>With v = c x 2^q and k = floor(log10(2^q)), X = v / 10^k lies in [2^52, 10 x 2^53), so it has 16 or 17
    /// digits, and the values that read back as v form the interval X +- H with H = 2^(q-1) / 10^k in [1/2, 5). An
    /// interval narrower than 10 holds at most one multiple of 10; if it holds one, that is the unique shortest
    /// decimal (its trailing zeros are dropped by the layout). Otherwise every integer in it has the same number of
    /// digits, and the nearest to X, round(X), is in it because |X - round(X)| &lt;= 1/2 &lt;= H. So the answer is the
    /// largest multiple of 10 below X + H if it is at least X - H, else round(X).</para>
    /// <para>All three quantities are computed in units of 1/4 (as Schubfach's vb, vbl, vbr, with the same 126-bit
    /// g ~ 10^-k and shift h): 4X = g cb 2^h / 2^127 with 64 fraction bits from one 64 x 128-bit product (too low by
    /// under 2 units of 2^-64, the product's lowest word being dropped), and 4H = g 2^(h+1) / 2^127 from shifts of g
    /// (too low by under 1 unit). g is 10^-k to a relative 2^-125, which moves 4X (below 2^59) by under 2^-66. The
    /// decisions compare these with integers: the floor of 4X + 4H, 4X - 4H against a multiple of 40, and 4X
    /// against 4s + 2. When each of the three fractions lies at least 8 units of 2^-64 from an integer, the computed
    /// floors are the exact ones and no quantity equals an integer, so neither the ends' inclusion (c even) nor a tie
    /// can arise and the answer is the one above. Otherwise (exact decimals such as 0.5, ends on a multiple of 10,
    /// a few in 2^60 of other doubles) the exact path decides. Tests compare this path with the exact one directly.</para>
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryNearestDigits(ulong ieeeMantissa, int ieeeExponent, out ulong padded, out int scientificExponent)
    {
        padded = 0;
        scientificExponent = 0;
        if (ieeeMantissa == 0 || ieeeExponent == 0)
        {
            return false; // a power of two (its interval is lopsided) or a subnormal
        }

        var c = ieeeMantissa | (1UL << MantissaBits);
        var tableIndex = RegularScale(ieeeExponent, out var h);
        var (gHigh, gLow) = Significand(tableIndex);

        // 4X = (g cp) / 2^127 with cp = 4c x 2^h: g = gHigh 2^63 + gLow, so (g cp) / 2^63 = gHigh cp + 2 hi(gLow cp)
        // + (a fraction dropped); its high word is the integer part of 4X and its low word the fraction.
        var cp = c << (h + 2);
        var product = cp * gHigh;
        var xFraction = product + (MultiplyHigh(cp, gLow) << 1);
        var xInteger = MultiplyHigh(cp, gHigh) + (xFraction < product ? 1UL : 0UL);

        // 4H = g 2^(h+1) / 2^127 = gHigh 2^(h+1) + gLow / 2^(62-h), in units of 2^-64.
        var shifted = gHigh << (h + 1);
        var hFraction = shifted + (gLow >> (62 - h));
        var hInteger = (gHigh >> (63 - h)) + (hFraction < shifted ? 1UL : 0UL);
        var upperFraction = xFraction + hFraction;
        var upperInteger = xInteger + hInteger + (upperFraction < xFraction ? 1UL : 0UL);
        var lowerFraction = xFraction - hFraction;
        var lowerInteger = xInteger - hInteger - (xFraction < hFraction ? 1UL : 0UL);
        const ulong Guard = 8;
        const ulong Clear = ulong.MaxValue - (2 * Guard) + 1; // fraction - Guard below this: at least Guard from 0 and 1
        if (!((xFraction - Guard < Clear) & (upperFraction - Guard < Clear) & (lowerFraction - Guard < Clear)))
        {
            return false;
        }

        // The multiple of 10 (of 40 in quarters) at or below the upper end, if the lower end is below it; else
        // round(X): X - floor(X) > 1/2 exactly when bit 1 of floor(4X) is set.
        var tenfold = upperInteger / 40 * 40;
        var nearest = (xInteger >> 2) + ((xInteger >> 1) & 1);
        var digits = tenfold > lowerInteger ? tenfold >> 2 : nearest;

        // 16 or 17 digits, or 10^17 when X rounds up to it.
        var sixteen = (int)((digits - Pow10Of16) >> 63);
        padded = Normalize(digits * (ulong)(1 + (9 * sixteen)), 17 - sixteen, tableIndex, out scientificExponent);
        return true;
    }

    /// <summary>
    /// Schubfach (Giulietti 2021): the shortest decimal inside the interval of reals that round to
    /// the double, the nearest to it among equally short ones (ties to the even one), as d.ddd x 10^scientificExponent.
    /// </summary>
    /// <returns>The digits, padded with trailing zeros to exactly 17.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong ShortestDigits(ulong ieeeMantissa, int ieeeExponent, out int scientificExponent)
    {
        // The value is c x 2^q. In units of 2^(q - 2) it is cb = 4c and its rounding interval runs from half-way to
        // the double below, cb - 2, to half-way to the double above, cb + 2; below a power of two the double below
        // is only half as far, so the lower bound is cb - 1 (except at the smallest normal exponent).
        ulong c;
        int q;
        if (ieeeExponent != 0)
        {
            c = ieeeMantissa | (1UL << MantissaBits);
            q = ieeeExponent - ExponentBias - MantissaBits;
        }
        else
        {
            c = ieeeMantissa;
            q = MinBinaryExponent;
        }

        // k = floor(log10(width of the interval)): 2^q, or 3/4 x 2^q below a power of two. vb, vbl, vbr below are
        // 4 x (value, lower bound, upper bound) / 10^k, rounded to odd, from g ~ 10^-k x 2^(125 - F) with
        // F = floor(log2(10^-k)); h = q + F + 2 in [2, 5] aligns the product so that dividing by 2^127 gives that
        // scale. For the usual symmetric interval, k and h come from one table look-up by exponent.
        int tableIndex;
        int h;
        ulong lowerOffset;
        if (ieeeMantissa != 0 || ieeeExponent <= 1)
        {
            tableIndex = RegularScale(ieeeExponent, out h);
            lowerOffset = 2;
        }
        else
        {
            var kIrregular = FloorLog10ThreeQuartersPow2(q);
            tableIndex = -kIrregular - Pow10Significands.MinExponent;
            h = q + FloorLog2Pow10(-kIrregular) + 2;
            lowerOffset = 1;
        }

        Debug.Assert(h is >= 2 and <= 5, "h = q + floor(-k log2(10)) + 2 lies in [2, 5] for every double.");
        var (gHigh, gLow) = Significand(tableIndex);

        var cb = c << 2;
        var vb = MultiplyRoundToOdd(gHigh, gLow, cb << h);
        var vbl = MultiplyRoundToOdd(gHigh, gLow, (cb - lowerOffset) << h);
        var vbr = MultiplyRoundToOdd(gHigh, gLow, (cb + 2) << h);

        // Round-half-even when reading back: the bounds belong to the interval only when c is even. Adding 1 to
        // the candidate side of each comparison turns <= into < for odd c.
        var excluded = c & 1;

        // s x 10^k <= value < t x 10^k; sp10, tp10: the multiples of 10^(k+1) around the value. Of the latter at
        // most one lies in the interval (it is narrower than 10^(k+1)) and, if one does, it is the shortest.
        var s = vb >> 2;
        var sp10 = vb / 40 * 10;
        var tp10 = sp10 + 10;
        var sp10In = vbl + excluded <= sp10 << 2;
        var tp10In = (tp10 << 2) + excluded <= vbr;

        // Else at least one of s and t lies in it: the only one, or the nearer (vb mod 4 compares the value with
        // the midpoint (s + 1/2) x 10^k, exactly, since vb is rounded to odd), or on a tie the even one.
        var sIn = vbl + excluded <= s << 2;
        var tIn = ((s + 1) << 2) + excluded <= vbr;
        var nearerIsT = (vb & 3) + (s & 1) > 2;
        var pickT = tIn & (!sIn | nearerIsT);

        // The result is padded to 17 digits by a factor chosen from s alone, off the selection's path: s has 16
        // or 17 digits for normal doubles (the value over 10^k is at least 2^52 and below 10 x 2^53); subnormals
        // count them. All four candidates have s's digit count, except that t or tp10 may be the next power of
        // ten, which the rare branch at the end shortens again.
        int count;
        ulong factor;
        if (ieeeExponent != 0)
        {
            var sixteen = (int)((s - Pow10Of16) >> 63); // 1 below 10^16, else 0: no branch to mispredict
            count = 17 - sixteen;
            factor = (ulong)(1 + (9 * sixteen));
        }
        else
        {
            count = CountDigits(s);
            factor = PowersOf10[17 - count];
        }

        // Masks rather than conditional expressions, which the JIT may compile to (unpredictable) branches.
        var tenfold = (sp10 * factor) + (10 * factor & Mask(tp10In));
        var single = (s * factor) + (factor & Mask(pickT));
        return Normalize(sp10In | tp10In ? tenfold : single, count, tableIndex, out scientificExponent);
    }

    /// <summary>For the usual symmetric interval: the power-of-ten table's index for k and the shift h, by exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RegularScale(int ieeeExponent, out int h)
    {
        int packed = Unsafe.Add(ref MemoryMarshal.GetReference(Pow10Significands.Scales), ieeeExponent);
        h = packed & 7;
        return packed >> 3;
    }

    /// <summary>The 126-bit g ~ 10^-k at a table index, as its two words (g = high x 2^63 + low).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong High, ulong Low) Significand(int tableIndex)
    {
        ref readonly var entry = ref Unsafe.Add(ref MemoryMarshal.GetReference(Pow10Significands.Words), 2 * tableIndex);
        return (entry, Unsafe.Add(ref Unsafe.AsRef(in entry), 1));
    }

    /// <summary>
    /// The chosen digits in units of 10^k, padded to 17 from count digits; 10^17 (a candidate rounded up to the next
    /// power of ten) is shortened again. Returns the 17 digits and sets the exponent of d.ddd x 10^scientificExponent.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Normalize(ulong padded, int count, int tableIndex, out int scientificExponent)
    {
        if (padded >= 10 * Pow10Of16)
        {
            padded /= 10;
            count++;
        }

        scientificExponent = -tableIndex - Pow10Significands.MinExponent + count - 1;
        return padded;
    }

    /// <summary>All ones when condition holds, else zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mask(bool condition) => 0UL - (condition ? 1UL : 0UL);

    /// <summary>
    /// floor(g x cp / 2^127), with its lowest bit set when the discarded part is not zero (round to odd), for
    /// g = gHigh x 2^63 + gLow &lt; 2^126 (gLow &lt; 2^63) and cp &lt; 2^61 (Giulietti 2021). The discarded
    /// part is judged from the bits above 2^64 of the product, which the paper shows is enough.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyRoundToOdd(ulong gHigh, ulong gLow, ulong cp)
    {
        // g cp / 2^64 = cp gHigh / 2 + cp gLow / 2^64; with gLow < 2^63 the sum of the two 63-bit-scaled words
        // below cannot overflow.
        var low = MultiplyHigh(cp, gLow);
        var middle = ((cp * gHigh) >> 1) + low;
        var high = MultiplyHigh(cp, gHigh) + (middle >> 63);
        return high | (((middle & long.MaxValue) + long.MaxValue) >> 63);
    }

    /// <summary>The high 64 bits of the 128-bit product, in registers (Math.BigMul goes through memory).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MultiplyHigh(ulong left, ulong right)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.MultiplyNoFlags(left, right);
        }

        if (ArmBase.Arm64.IsSupported)
        {
            return ArmBase.Arm64.MultiplyHigh(left, right);
        }

        return Math.BigMul(left, right, out _);
    }

    /// <summary>floor(log10(2^q)) for q in [-2620, 2620] (tests check [-1074, 971]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10Pow2(int q) => (q * 315_653) >> 20;

    /// <summary>floor(log10(3/4 x 2^q)) for q in [-1073, 971] (checked by the tests): 131008 / 2^20 ~ log10(4/3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog10ThreeQuartersPow2(int q) => ((q * 315_653) - 131_008) >> 20;

    /// <summary>floor(log2(10^e)) for e in [-292, 324] (checked by the tests): 1741647 / 2^19 ~ log2(10).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int FloorLog2Pow10(int e) => (e * 1_741_647) >> 19;

    /// <summary>
    /// Lays out padded x 10^(scientificExponent - 16), padded having exactly 17 digits (trailing zeros are not
    /// significant), in the BCL's "R" style, without the sign, at text and returns the length. Every store ends
    /// within 23 bytes of text; bytes past the returned length may be overwritten.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Layout(ref byte text, ulong padded, int scientificExponent)
    {
        Debug.Assert(padded is >= Pow10Of16 and < 10 * Pow10Of16, "Exactly 17 digits.");

        // The leading digit, then a 16-byte vector of the other 16 from their four-digit groups; the quotients
        // by 10^4, 10^8, 10^12 and 10^16 are independent of each other, which keeps the chain short.
        var top = padded / Pow10Of16;
        var over12 = padded / 1_000_000_000_000UL;
        var over8 = padded / 100_000_000UL;
        var over4 = padded / 10_000UL;
        var leading = (byte)('0' + (int)top);
        var block = SixteenDigits(
            (over12 - (top * 10_000)) | ((over8 - (over12 * 10_000)) << 32),
            (over4 - (over8 * 10_000)) | ((padded - (over4 * 10_000)) << 32));

        // Trailing '0' lanes are not significant.
        var zeroLanes = Vector128.ExtractMostSignificantBits(Vector128.Equals(block, Vector128.Create((byte)'0')));
        var trailingZeros = BitOperations.LeadingZeroCount((~zeroLanes << 16) | 0x8000); // in [0, 16]
        var length = 17 - trailingZeros;

        if ((uint)(scientificExponent - MinPlainExponent) <= MaxPlainExponent - MinPlainExponent)
        {
            if (scientificExponent >= 0)
            {
                // ddd.ddd, or an integer below 10^17: the leading digit, then the block with the point opened up
                // at lane scientificExponent (lanes after it take the digit one lane left); if the point falls past
                // the block (17 integer digits) the block stays as it is. The 17th byte is the block's last digit.
                var integerLength = scientificExponent + 1;
                var lanes = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                var point = Vector128.Create((byte)scientificExponent);
                var indices = lanes + Vector128.GreaterThan(lanes, point); // adding 0xFF subtracts one
                var laidOut = Vector128.ConditionalSelect(
                    Vector128.Equals(lanes, point), Vector128.Create((byte)'.'), ShuffleBytes(block, indices));
                text = leading;
                laidOut.StoreUnsafe(ref Unsafe.Add(ref text, 1));
                Unsafe.Add(ref text, 17) = block.GetElement(15);
                return length > integerLength ? length + 1 : integerLength;
            }

            // 0.000ddd: "0." and up to three zeros (a word of zeros), then the digits.
            var zeros = -scientificExponent - 1;
            StoreWord(ref text, AsciiZeros);
            Unsafe.Add(ref text, 1) = (byte)'.';
            ref var first = ref Unsafe.Add(ref text, 2 + zeros);
            first = leading;
            block.StoreUnsafe(ref Unsafe.Add(ref first, 1));
            return 2 + zeros + length;
        }

        // d.dddE+xx, or dE+xx for one digit (the exponent part then overwrites the point).
        text = leading;
        Unsafe.Add(ref text, 1) = (byte)'.';
        block.StoreUnsafe(ref Unsafe.Add(ref text, 2));
        var position = length == 1 ? 1 : length + 1;
        ref var tail = ref Unsafe.Add(ref text, position);
        tail = (byte)'E';
        var exponentSign = (byte)'+';
        if (scientificExponent < 0)
        {
            exponentSign = (byte)'-';
            scientificExponent = -scientificExponent;
        }

        Unsafe.Add(ref tail, 1) = exponentSign;
        if (scientificExponent >= 100)
        {
            var hundreds = scientificExponent / 100;
            Unsafe.Add(ref tail, 2) = (byte)('0' + hundreds);
            StorePair(ref Unsafe.Add(ref tail, 3), (uint)(scientificExponent - (hundreds * 100)));
            return position + 5;
        }

        StorePair(ref Unsafe.Add(ref tail, 2), (uint)scientificExponent);
        return position + 4;
    }

    /// <summary>Byte shuffle with indices in [0, 15].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> ShuffleBytes(Vector128<byte> vector, Vector128<byte> indices)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(vector, indices);
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.VectorTableLookup(vector, indices);
        }

        return Vector128.Shuffle(vector, indices);
    }

    /// <summary>Number of decimal digits of a value in [1, 10^19).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // floor(log10(value)) is floor(log2(value)) x log10(2) or one more; 1233 / 4096 ~ log10(2).
        var guess = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return guess + (value >= PowersOf10[guess] ? 1 : 0);
    }

    /// <summary>
    /// The 16 ASCII digits of four groups of four (each &lt; 10^4, most significant first), given in pairs as
    /// first | second &lt;&lt; 32 and third | fourth &lt;&lt; 32, zero-padded, in memory order (first digit in lane 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> SixteenDigits(ulong firstPair, ulong secondPair)
    {
        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            // In four 32-bit lanes x < 10^4 with q = x / 100, x + q (2^16 - 100) holds x mod 100 in its low and q
            // in its high 16 bits; the same in eight 16-bit lanes y < 100 with 2^8 - 10 leaves one digit per byte,
            // each group of four in reverse order, which one byte shuffle puts right.
            var lanes = Vector128.Create(firstPair, secondPair).AsUInt32();
            var hundreds = (lanes * 5243u) >>> 19;                                // x / 100 for x < 10^4
            var pairs = (lanes + (hundreds * (65_536u - 100))).AsUInt16();
            var tens = (pairs * (ushort)103) >>> 10;                             // y / 10 for y < 100
            var reversed = (pairs + (tens * (ushort)(256 - 10))).AsByte();
            var digits = ShuffleBytes(reversed, Vector128.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12));
            return digits + Vector128.Create((byte)'0');
        }

        return Vector128.Create(MemoryOrder(FourDigitPairs(firstPair)), MemoryOrder(FourDigitPairs(secondPair))).AsByte();
    }

    /// <summary>
    /// The eight ASCII digits of two four-digit groups given as lanes = first | second &lt;&lt; 32, zero-padded, as a
    /// little-endian word (first digit in the lowest byte), split by multiply-and-shift in SIMD-within-a-register
    /// lanes: 4 x 2 digits, 8 x 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong FourDigitPairs(ulong lanes)
    {
        var hundreds = ((lanes * 5243) >> 19) & 0x0000_007F_0000_007F;      // x / 100 for x < 10^4
        lanes = hundreds | ((lanes - (hundreds * 100)) << 16);              // four 16-bit lanes < 100
        var tens = ((lanes * 103) >> 10) & 0x000F_000F_000F_000F;           // x / 10 for x < 100
        lanes = tens | ((lanes - (tens * 10)) << 8);                        // eight bytes < 10
        return lanes + AsciiZeros;
    }

    /// <summary>A little-endian word as the word whose bytes lie in the same order in memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MemoryOrder(ulong littleEndianWord) =>
        BitConverter.IsLittleEndian ? littleEndianWord : BinaryPrimitives.ReverseEndianness(littleEndianWord);

    /// <summary>Stores eight bytes given as a little-endian word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWord(ref byte output, ulong littleEndianWord) =>
        Unsafe.WriteUnaligned(ref output, MemoryOrder(littleEndianWord));

    /// <summary>Writes the two digits of a value in [0, 100).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(ref byte output, uint value)
    {
        var tens = value / 10;
        output = (byte)('0' + tens);
        Unsafe.Add(ref output, 1) = (byte)('0' + value - (tens * 10));
    }

    [DoesNotReturn]
    private static void ThrowDestinationTooShort(string parameterName) =>
        throw new ArgumentException($"The destination must hold at least {MaxLength} bytes.", parameterName);

    /// <summary>"00000000" as a little-endian word.</summary>
    private const ulong AsciiZeros = 0x3030_3030_3030_3030;

    private const ulong Pow10Of16 = 10_000_000_000_000_000UL;

    private static ReadOnlySpan<ulong> PowersOf10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL,
        1_000_000_000UL, 10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL,
        100_000_000_000_000UL, 1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL,
        1_000_000_000_000_000_000UL, 10_000_000_000_000_000_000UL,
    ];
}
