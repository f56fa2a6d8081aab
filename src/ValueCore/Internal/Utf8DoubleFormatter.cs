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
/// the one nearest to the exact binary value), found with Ryu: Ulf Adams, "Ryu: fast float-to-string conversion",
/// PLDI 2018, https://doi.org/10.1145/3192366.3192369. Integers below 2^53 skip Ryu: their own digits (less
/// trailing zeros) are already the shortest.</para>
/// <para>The layout follows the BCL's "R" (round-trip) format, checked against .NET 10: plain notation while the
/// decimal exponent x of d.ddd x 10^x is in -5 &lt; x &lt; 17 (so 1E-05 but 0.0001, 10000000000000000 but 1E+17),
/// otherwise d.dddE+xx / d.dddE-xx with at least two exponent digits. Negative zero is "-0".</para>
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

    // Plain notation is used for scientific exponents in [MinPlainExponent, MaxPlainExponent].
    private const int MinPlainExponent = -5 + 1;
    private const int MaxPlainExponent = 17 - 1;

    /// <summary>
    /// Writes the shortest round-trip representation of a finite double as UTF-8 and returns the bytes written.
    /// </summary>
    /// <param name="value">A finite value (never NaN nor an infinity).</param>
    /// <param name="destination">
    /// At least <see cref="MaxLength"/> bytes. The text is copied in as one fixed 24-byte block, so bytes past the
    /// returned count (never past <see cref="MaxLength"/>) may be overwritten too.
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

        // Every store into destination below stays inside destination[..MaxLength], checked once above.
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

        var (digits, exponent) = TryIntegerDigits(ieeeMantissa, ieeeExponent, out var integer)
            ? integer
            : ShortestDigits(ieeeMantissa, ieeeExponent);

        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian && exponent < 0)
        {
            var digitCount = CountDigits(digits);
            var scientificExponent = exponent + digitCount - 1;
            if (scientificExponent is >= MinPlainExponent and <= MaxPlainExponent)
            {
                // The usual shapes, ddd.ddd and 0.000ddd, laid out left to right straight into the destination.
                return sign + WriteFraction(ref Unsafe.Add(ref start, sign), digits, digitCount, scientificExponent);
            }
        }

        // Lay the text out in a scratch buffer, with room on both sides for whole-word stores, then copy a fixed
        // CopyLength bytes (the longest text without its sign is 23).
        var scratch = default(Scratch);
        ref var text = ref Unsafe.Add(ref MemoryMarshal.GetReference((Span<byte>)scratch), ScratchSlack);
        var length = Layout(ref text, digits, exponent);
        Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref start, sign), ref text, CopyLength);
        return sign + length;
    }

    /// <summary>
    /// Writes length (&lt;= 17) digits with a fraction, in plain notation (scientific exponent in [-4, 16]), left to
    /// right from text, and returns the bytes written. Every store ends within 22 bytes of text; bytes past the
    /// returned length may be overwritten. The digits come as one zero-padded 16-digit vector, moved into place by
    /// a byte shuffle that also opens the gap for the point, so no scratch copy is needed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WriteFraction(ref byte text, ulong digits, int length, int scientificExponent)
    {
        ref var block = ref text;
        var blockDigits = length;
        var integerDigits = scientificExponent + 1; // in the block: 0 puts the point first
        var written = length + 1;
        if (scientificExponent < 0)
        {
            // 0.000ddd: "0." and up to three zeros, then the digits.
            StoreWord(ref text, AsciiZeros);
            Unsafe.Add(ref text, 1) = (byte)'.';
            var zeros = -scientificExponent - 1;
            block = ref Unsafe.Add(ref text, 2 + zeros);
            integerDigits = -1;                        // no point inside the digits
            written = 2 + zeros + length;
        }

        if (blockDigits == 17)
        {
            // The leading digit on its own; the other 16 fill the vector.
            var top = DividePow10(digits, 16);
            digits -= top * PowersOf10[16];
            block = (byte)('0' + (int)top);
            block = ref Unsafe.Add(ref block, 1);
            blockDigits = 16;
            if (integerDigits >= 0)
            {
                integerDigits--;                       // the leading digit was an integer digit
            }
        }

        var high = (uint)(digits / 100_000_000);
        var vector = SixteenDigits(high, (uint)(digits - (high * 100_000_000UL)));
        var lanes = Vector128.Create((byte)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        var indices = lanes + Vector128.Create((byte)(16 - blockDigits));   // left-align the digits
        if (integerDigits < 0)
        {
            ShuffleBytes(vector, indices).StoreUnsafe(ref block);
            return written;
        }

        // Output byte k takes digit k before the point and digit k - 1 after it (adding 0xFF subtracts one).
        var point = Vector128.Create((byte)integerDigits);
        indices += Vector128.GreaterThan(lanes, point);
        var laidOut = Vector128.ConditionalSelect(Vector128.Equals(lanes, point), Vector128.Create((byte)'.'), ShuffleBytes(vector, indices));
        laidOut.StoreUnsafe(ref block);
        if (blockDigits == 16)
        {
            // Sixteen digits and the point: the last digit is the 17th byte.
            Unsafe.Add(ref block, 16) = vector.GetElement(15);
        }

        return written;
    }

    /// <summary>
    /// Shortcut for integers in [1, 2^53): with a spacing of at most 1 between neighbouring doubles no shorter
    /// decimal lies in the rounding interval, so the digits are the integer's own, less trailing zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryIntegerDigits(ulong ieeeMantissa, int ieeeExponent, out (ulong Digits, int Exponent) result)
    {
        result = default;
        var shift = ExponentBias + MantissaBits - ieeeExponent; // value = m2 / 2^shift
        if (ieeeExponent == 0 || (uint)shift > MantissaBits)
        {
            return false;
        }

        var m2 = ieeeMantissa | (1UL << MantissaBits);
        var integer = m2 >> shift;
        if (integer << shift != m2)
        {
            return false;
        }

        var exponent = 0;
        while (true)
        {
            var quotient = integer / 10;
            if (integer - (quotient * 10) != 0)
            {
                break;
            }

            integer = quotient;
            exponent++;
        }

        result = (integer, exponent);
        return true;
    }

    /// <summary>
    /// Ryu (Adams 2018, sections 2-3): finds the shortest Digits x 10^Exponent inside the interval of reals that
    /// round to the double, choosing the one nearest to it among equally short ones.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (ulong Digits, int Exponent) ShortestDigits(ulong ieeeMantissa, int ieeeExponent)
    {
        // Step 1: the value is m2 x 2^e2; the two extra bits of e2 make room for the interval bounds, which lie
        // half-way to the neighbouring doubles: u = 4 m2 - 1 - mmShift, v = 4 m2, w = 4 m2 + 2 (all x 2^e2).
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa | (1UL << MantissaBits);
        }

        // Round-half-even when reading back: the bounds themselves round to this double when m2 is even.
        var acceptBounds = (m2 & 1) == 0;
        var mv = 4 * m2;
        // The gap below a power of two is half as wide (except for the smallest normal exponent).
        var mmShift = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1u : 0u;

        // Step 2: convert the interval to a decimal base, vr/vp/vm = floor(v/w/u x 2^e2 / 10^e10), from one
        // 64 x 128-bit product with a precomputed power of five (section 3.3).
        ulong vr, vp, vm;
        int e10;
        var vmIsTrailingZeros = false;
        var vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            // q = max(0, floor(log10(2^e2)) - 1): keeps one extra digit so the last removed digit is known.
            var q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            var k = Pow5Tables.InverseBitCount + Pow5Bits(q) - 1;
            var j = -e2 + q + k;
            vr = MulShiftAll(mv, Pow5Tables.Inverse[2 * q], Pow5Tables.Inverse[(2 * q) + 1], j, mmShift, out vp, out vm);
            if (q <= 23)
            {
                // v x 2^e2 / 10^q (and likewise for the bounds) is exact iff the numerator holds 5^q; beyond
                // q = 23, 5^q exceeds 4 m2 + 2. (Ryu stops at 21; testing the full range only adds exact facts.)
                // At most one of u, v, w is a multiple of 5.
                if (mv % 5 == 0)
                {
                    vrIsTrailingZeros = IsMultipleOfPowerOf5(mv, q);
                }
                else if (acceptBounds)
                {
                    vmIsTrailingZeros = IsMultipleOfPowerOf5(mv - 1 - mmShift, q);
                }
                else
                {
                    // The upper bound is excluded: step below it if it is exactly representable.
                    vp -= IsMultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
                }
            }
        }
        else
        {
            // q = max(0, floor(log10(5^-e2)) - 1).
            var q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            var i = -e2 - q;
            var k = Pow5Bits(i) - Pow5Tables.BitCount;
            var j = q - k;
            vr = MulShiftAll(mv, Pow5Tables.Positive[2 * i], Pow5Tables.Positive[(2 * i) + 1], j, mmShift, out vp, out vm);
            if (q <= 1)
            {
                // mv = 4 m2 has at least two trailing zero bits, so vr is exact.
                vrIsTrailingZeros = true;
                if (acceptBounds)
                {
                    // mm = mv - 1 - mmShift has one trailing zero bit exactly when mmShift is 1.
                    vmIsTrailingZeros = mmShift == 1;
                }
                else
                {
                    // mp = mv + 2 always has at least one trailing zero bit: the excluded bound is exact.
                    vp--;
                }
            }
            else if (q < 63)
            {
                // vr is exact when mv x 5^-e2 / 10^q loses nothing, i.e. when mv has q trailing zero bits.
                vrIsTrailingZeros = (mv & ((1UL << q) - 1)) == 0;
            }
        }

        // Step 3: drop digits while the interval still holds a shorter decimal (section 3.4).
        var removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            // General case, rare: track whether the removed digits were all zero, for exact bounds and ties.
            var lastRemovedDigit = 0UL;
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = vr % 10;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }

            if (vmIsTrailingZeros)
            {
                // The lower bound is itself a short decimal and may be returned: keep removing its zeros.
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = vr % 10;
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }

            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0)
            {
                // Exactly half-way between two candidates: round half to even.
                lastRemovedDigit = 4;
            }

            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            // Common case: no exact bounds, no ties, so only the most significant removed digit matters for
            // rounding. Whether k digits can go is monotone in k, so take 8 at a time, then 4, 2 and 1, instead
            // of one at a time (short outputs such as 0.45 drop a dozen or more).
            var roundUp = false;
            if (vp / 10_000 > vm / 10_000)
            {
                // Short outputs only (long ones, the usual case, pay for this one test).
                while (vp / 100_000_000 > vm / 100_000_000)
                {
                    var quotient = vr / 100_000_000;
                    roundUp = vr - (quotient * 100_000_000) >= 50_000_000;
                    vr = quotient;
                    vp /= 100_000_000;
                    vm /= 100_000_000;
                    removed += 8;
                }

                if (vp / 10_000 > vm / 10_000)
                {
                    var quotient = vr / 10_000;
                    roundUp = vr - (quotient * 10_000) >= 5_000;
                    vr = quotient;
                    vp /= 10_000;
                    vm /= 10_000;
                    removed += 4;
                }
            }

            if (vp / 100 > vm / 100)
            {
                var quotient = vr / 100;
                roundUp = vr - (quotient * 100) >= 50;
                vr = quotient;
                vp /= 100;
                vm /= 100;
                removed += 2;
            }

            if (vp / 10 > vm / 10)
            {
                var quotient = vr / 10;
                roundUp = vr - (quotient * 10) >= 5;
                vr = quotient;
                vm /= 10;
                removed++;
            }

            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }

        return (output, e10 + removed);
    }

    /// <summary>
    /// floor(m x mul / 2^j) for m = mv, mv + 2 and mv - 1 - mmShift, with the 125/126-bit multiplier
    /// mul = mulHi:mulLo and 64 &lt; j &lt; 128 (section 3.3). One 64 x 128-bit product P = mv x mul serves all
    /// three: the bounds are P + 2 mul and P - (1 + mmShift) mul, exactly.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShiftAll(ulong mv, ulong mulLo, ulong mulHi, int j, uint mmShift, out ulong vp, out ulong vm)
    {
        Debug.Assert(j > 64 && j < 128, "Ryu's shifts stay in (64, 128) for doubles.");
        Debug.Assert(mulHi < 1UL << 62, "The multipliers have at most 126 bits.");
        var low = mv * mulLo;                                                           // P mod 2^64
        var high = new UInt128(MultiplyHigh(mv, mulHi), mv * mulHi) + MultiplyHigh(mv, mulLo); // P >> 64 < 2^117
        var shift = j - 64;

        // 2 mul, and (1 + mmShift) mul, as (high word, low word); the high words fit in 64 bits.
        var twiceLo = mulLo << 1;
        var twiceHi = (mulHi << 1) | (mulLo >> 63);
        var belowLo = mmShift != 0 ? twiceLo : mulLo;
        var belowHi = mmShift != 0 ? twiceHi : mulHi;

        vp = ShiftRight(high + twiceHi + (low + twiceLo < low ? 1UL : 0UL), shift);
        vm = ShiftRight(high - belowHi - (low < belowLo ? 1UL : 0UL), shift);
        return ShiftRight(high, shift);
    }

    /// <summary>(ulong)(value &gt;&gt; shift) for shift in [1, 63] when the result fits in 64 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ShiftRight(UInt128 value, int shift) =>
        ((ulong)(value >> 64) << (64 - shift)) | ((ulong)value >> shift);

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

    /// <summary>ceil(log2(5^e)) for e in [1, 3528], and 1 for e = 0: the bit length of 5^e.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359u) >> 19) + 1;

    /// <summary>floor(log10(2^e)) for e in [0, 1650].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Log10Pow2(int e) => (int)(((uint)e * 78913u) >> 18);

    /// <summary>floor(log10(5^e)) for e in [0, 2620].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Log10Pow5(int e) => (int)(((uint)e * 732923u) >> 20);

    /// <summary>Whether 5^p divides value (value &gt; 0).</summary>
    private static bool IsMultipleOfPowerOf5(ulong value, int p)
    {
        var count = 0;
        while (value != 0)
        {
            var quotient = value / 5;
            if (value - (quotient * 5) != 0)
            {
                break;
            }

            value = quotient;
            if (++count >= p)
            {
                return true;
            }
        }

        return count >= p;
    }

    /// <summary>
    /// Lays out digits x 10^exponent (at most 17 digits) in the BCL's "R" style, without the sign, at text and
    /// returns the length. Digits go in as zero-padded 17-digit blocks that end where they must; the surplus
    /// leading zeros land on bytes written afterwards or on the scratch slack before text, which keeps the
    /// branches down to the four layouts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Layout(ref byte text, ulong digits, int exponent)
    {
        var length = CountDigits(digits);
        var scientificExponent = exponent + length - 1;

        if (scientificExponent is >= MinPlainExponent and <= MaxPlainExponent)
        {
            if (exponent >= 0)
            {
                // An integer below 10^17: the digits, then zeros.
                var integerLength = length + exponent;
                WriteDigits17(ref Unsafe.Add(ref text, integerLength), digits * PowersOf10[exponent]);
                return integerLength;
            }

            var fractionLength = -exponent;
            if (scientificExponent < 0)
            {
                // 0.000ddd: a word of zeros first for the (up to 20-digit) fraction's zeros past the 17-digit block.
                StoreWord(ref Unsafe.Add(ref text, 2), AsciiZeros);
                WriteDigits17(ref Unsafe.Add(ref text, 2 + fractionLength), digits);
                text = (byte)'0';
                Unsafe.Add(ref text, 1) = (byte)'.';
                return 2 + fractionLength;
            }

            // ddd.ddd
            WriteWithPoint(ref text, digits, length, scientificExponent + 1);
            return length + 1;
        }

        // d.dddE+xx
        int position;
        if (length == 1)
        {
            text = (byte)('0' + (int)digits);
            position = 1;
        }
        else
        {
            WriteWithPoint(ref text, digits, length, 1);
            position = length + 1;
        }

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

    /// <summary>
    /// Writes the length (&lt;= 17) digits with a point after the first integerLength (in [1, length - 1]) of them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteWithPoint(ref byte text, ulong digits, int length, int integerLength)
    {
        ref var point = ref Unsafe.Add(ref text, integerLength);
        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            // All 17 digits (zero-padded: top, then a 16-byte vector) placed as if there were no point, ending at
            // text + length + 1: the fraction is in place, the integer part one byte right of it. Shifting the bytes
            // before the point left by one inside the vector, and storing the two bytes before the vector one place
            // left, leaves the point's byte free.
            var top = DividePow10(digits, 16);
            var rest = digits - (top * PowersOf10[16]);
            var high = (uint)(rest / 100_000_000);
            var block = SixteenDigits(high, (uint)(rest - (high * 100_000_000UL)));
            ref var blockStart = ref Unsafe.Add(ref text, length - 15);
            var pointInBlock = 15 - (length - integerLength);                     // in [-1, 14]
            var shifted = ShuffleBytes(block, Vector128.LoadUnsafe(ref PointShuffles.Table[16 * (pointInBlock + 1)]));
            Unsafe.Subtract(ref blockStart, 2) = (byte)('0' + (int)top);
            Unsafe.Subtract(ref blockStart, 1) = block.ToScalar();
            shifted.StoreUnsafe(ref blockStart);
        }
        else
        {
            var fractionLength = length - integerLength;
            var integerPart = DividePow10(digits, fractionLength);
            WriteDigits17(ref Unsafe.Add(ref point, 1 + fractionLength), digits - (integerPart * PowersOf10[fractionLength]));
            WriteDigits17(ref point, integerPart);
        }

        point = (byte)'.';
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

    /// <summary>
    /// value / 10^k for value &lt; 2^57 and k in [1, 16], as a multiply-high and shift (Granlund and Montgomery,
    /// "Division by invariant integers using multiplication", PLDI 1994, theorem 4.2) instead of a hardware divide.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong DividePow10(ulong value, int k)
    {
        Debug.Assert(value < 1UL << 57 && k is >= 1 and <= 16, "Only digit strings of up to 17 digits are split.");
        ref readonly var divisor = ref Pow10Reciprocals.Table[k];
        return MultiplyHigh(value, divisor.Multiplier) >> divisor.Shift;
    }

    /// <summary>Number of decimal digits of a value in [1, 10^19).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CountDigits(ulong value)
    {
        // floor(log10(value)) is floor(log2(value)) x log10(2) or one more; 1233 / 4096 ~ log10(2).
        var guess = ((BitOperations.Log2(value) + 1) * 1233) >> 12;
        return guess + (value >= PowersOf10[guess] ? 1 : 0);
    }

    /// <summary>Writes value &lt; 10^17 as 17 digits, zero-padded, in the 17 bytes that end just before end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WriteDigits17(ref byte end, ulong value)
    {
        Debug.Assert(value < PowersOf10[17], "At most 17 digits.");
        var top = DividePow10(value, 16);
        var rest = value - (top * PowersOf10[16]);
        Unsafe.Subtract(ref end, 17) = (byte)('0' + (int)top);
        var high = (uint)(rest / 100_000_000);
        var low = (uint)(rest - (high * 100_000_000UL));
        ref var block = ref Unsafe.Subtract(ref end, 16);
        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian)
        {
            SixteenDigits(high, low).StoreUnsafe(ref block);
        }
        else
        {
            StoreWord(ref block, EightDigits(high));
            StoreWord(ref Unsafe.Add(ref block, 8), EightDigits(low));
        }
    }

    /// <summary>
    /// The ASCII digits of high x 10^8 + low (both &lt; 10^8), zero-padded to 16, in memory order: the split of
    /// <see cref="EightDigits"/> done in four 32-bit, then eight 16-bit vector lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> SixteenDigits(uint high, uint low)
    {
        var highUpper = high / 10_000;
        var lowUpper = low / 10_000;
        var lanes = Vector128.Create(highUpper, high - (highUpper * 10_000), lowUpper, low - (lowUpper * 10_000));
        var hundreds = (lanes * 5243u) >>> 19;                                // x / 100 for x < 10^4
        var pairs = (hundreds | ((lanes - (hundreds * 100u)) << 16)).AsUInt16();
        var tens = (pairs * (ushort)103) >>> 10;                             // x / 10 for x < 100
        var bytes = tens | ((pairs - (tens * (ushort)10)) << 8);
        return bytes.AsByte() + Vector128.Create((byte)'0');
    }

    /// <summary>
    /// The eight ASCII digits of value &lt; 10^8, zero-padded, as a little-endian word (first digit in the lowest
    /// byte), split by multiply-and-shift in SIMD-within-a-register lanes: 2 x 4 digits, 4 x 2, 8 x 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(uint value)
    {
        var high = value / 10_000;
        var low = value - (high * 10_000);
        var lanes = high | ((ulong)low << 32);                               // two 32-bit lanes < 10^4
        var hundreds = ((lanes * 5243) >> 19) & 0x0000_007F_0000_007F;      // x / 100 for x < 10^4
        lanes = hundreds | ((lanes - (hundreds * 100)) << 16);              // four 16-bit lanes < 100
        var tens = ((lanes * 103) >> 10) & 0x000F_000F_000F_000F;           // x / 10 for x < 100
        lanes = tens | ((lanes - (tens * 10)) << 8);                        // eight bytes < 10
        return lanes + AsciiZeros;
    }

    /// <summary>Stores eight bytes given as a little-endian word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreWord(ref byte output, ulong littleEndianWord) =>
        Unsafe.WriteUnaligned(
            ref output,
            BitConverter.IsLittleEndian ? littleEndianWord : BinaryPrimitives.ReverseEndianness(littleEndianWord));

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

    /// <summary>Bytes before the text in <see cref="Scratch"/>: a 17-digit block ending at the text's second byte.</summary>
    private const int ScratchSlack = 16;

    /// <summary>Bytes copied from the scratch text to the destination: at least the longest unsigned text (23).</summary>
    private const int CopyLength = 24;

    /// <summary>Stack room for <see cref="Layout"/>: slack, the text, and the overhang of its last stores.</summary>
    [InlineArray(ScratchSlack + 32)]
    private struct Scratch
    {
        private byte _element;
    }

    private static ReadOnlySpan<ulong> PowersOf10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL,
        1_000_000_000UL, 10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL,
        100_000_000_000_000UL, 1_000_000_000_000_000UL, 10_000_000_000_000_000UL, 100_000_000_000_000_000UL,
        1_000_000_000_000_000_000UL, 10_000_000_000_000_000_000UL,
    ];

    /// <summary>Shuffles for <see cref="WriteWithPoint"/>.</summary>
    private static class PointShuffles
    {
        /// <summary>
        /// Sixteen 16-byte shuffles; number p + 1 (p in [-1, 14], the point's index in the block) moves bytes
        /// 1 .. p one place down and keeps the rest: index j takes j + 1 for j &lt; p, else j.
        /// </summary>
        public static readonly byte[] Table = Build();

        private static byte[] Build()
        {
            var table = new byte[16 * 16];
            for (var p = -1; p < 15; p++)
            {
                for (var j = 0; j < 16; j++)
                {
                    table[(16 * (p + 1)) + j] = (byte)(j < p ? j + 1 : j);
                }
            }

            return table;
        }
    }

    /// <summary>Reciprocals of 10^k for <see cref="DividePow10"/>.</summary>
    private static class Pow10Reciprocals
    {
        /// <summary>
        /// For 10^k with l = ceil(log2(10^k)) and N = max(57, 64 - l): multiplier m = floor(2^(N + l) / 10^k) + 1
        /// (below 2^64) and shift N + l - 64; then floor(n / 10^k) = floor(n m / 2^(N + l)) for every n &lt; 2^N.
        /// </summary>
        public static readonly (ulong Multiplier, int Shift)[] Table = Build();

        private static (ulong Multiplier, int Shift)[] Build()
        {
            var table = new (ulong Multiplier, int Shift)[17];
            var power = UInt128.One;
            for (var k = 1; k < table.Length; k++)
            {
                power *= 10;
                var l = 128 - (int)UInt128.LeadingZeroCount(power - 1);
                var n = Math.Max(57, 64 - l);
                table[k] = ((ulong)((UInt128.One << (n + l)) / power) + 1, n + l - 64);
            }

            return table;
        }
    }

    /// <summary>
    /// Ryu's multipliers, computed once with <see cref="BigInteger"/> (well under a millisecond) and stored as
    /// (low, high) 64-bit pairs.
    /// </summary>
    private static class Pow5Tables
    {
        /// <summary>Bits kept of 5^i in <see cref="Positive"/>.</summary>
        public const int BitCount = 125;

        /// <summary>Bits (less one) of the reciprocals in <see cref="Inverse"/>.</summary>
        public const int InverseBitCount = 125;

        /// <summary>The largest q, for e2 = 2046 - 1075 - 2, is floor(log10(2^969)) - 1 = 290.</summary>
        private const int InverseCount = 291;

        /// <summary>The largest i, for e2 = -1076, is 1076 - (floor(log10(5^1076)) - 1) = 325.</summary>
        private const int PositiveCount = 326;

        /// <summary>5^i scaled to exactly <see cref="BitCount"/> bits (truncated), for i in [0, 326).</summary>
        public static readonly ulong[] Positive = BuildPositive();

        /// <summary>floor(2^(bitlength(5^q) - 1 + 125) / 5^q) + 1, for q in [0, 291).</summary>
        public static readonly ulong[] Inverse = BuildInverse();

        private static ulong[] BuildPositive()
        {
            var table = new ulong[2 * PositiveCount];
            var power = BigInteger.One;
            for (var i = 0; i < PositiveCount; i++)
            {
                var shift = (int)power.GetBitLength() - BitCount;
                Store(table, i, shift >= 0 ? power >> shift : power << -shift);
                power *= 5;
            }

            return table;
        }

        private static ulong[] BuildInverse()
        {
            var table = new ulong[2 * InverseCount];
            var power = BigInteger.One;
            for (var q = 0; q < InverseCount; q++)
            {
                var bits = (int)power.GetBitLength();
                Store(table, q, (BigInteger.One << (bits - 1 + InverseBitCount)) / power + 1);
                power *= 5;
            }

            return table;
        }

        private static void Store(ulong[] table, int index, BigInteger value)
        {
            Debug.Assert(value.GetBitLength() <= 128, "Every multiplier fits in 128 bits.");
            table[2 * index] = (ulong)(value & ulong.MaxValue);
            table[(2 * index) + 1] = (ulong)(value >> 64);
        }
    }
}
