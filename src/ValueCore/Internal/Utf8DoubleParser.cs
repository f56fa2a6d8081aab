using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ValueCore.Internal;

/// <summary>
/// Reads a plain decimal number from UTF-8 text, correctly rounded, with the same result bit for bit as
/// <c>double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)</c> but a much stricter grammar.
/// </summary>
/// <remarks>
/// <para>Grammar: <c>[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?</c> and nothing else: no white space, no
/// NaN or infinity symbols, no group separators, no hexadecimal, no trailing bytes.</para>
/// <para>Fast path (Clinger, "How to read floating point numbers accurately", PLDI 1990): when the significant digits
/// fit in 53 bits and the decimal exponent is within [-22, 22], both the digits and the power of ten are exact
/// doubles, so one IEEE multiplication or division rounds correctly. A mantissa small enough to absorb part of a
/// larger exponent exactly (m x 10^(e-22) &lt;= 2^53) also takes it. Otherwise Eisel-Lemire (one 128-bit product with
/// a truncated power of five, exact rounding or a refusal) handles up to 19 significant digits with normal results.
/// What is left (subnormals, overflow, near-ties beyond the product's precision, more than 19 significant digits
/// that Eisel-Lemire cannot bracket) goes, after the syntax check here, to the BCL's correctly rounded parser.</para>
/// </remarks>
internal static class Utf8DoubleParser
{
    /// <summary>Decimal digits that always fit in a <see cref="ulong"/> (10^19 - 1 &lt; 2^64).</summary>
    private const int MaxMantissaDigits = 19;

    /// <summary>Integers up to 2^53 are exact doubles.</summary>
    private const ulong MaxExactInteger = 1UL << 53;

    /// <summary>10^22 is the largest power of ten that is an exact double (5^22 &lt; 2^53).</summary>
    private const int MaxExactPowerOf10 = 22;

    /// <summary>Explicit exponents are accumulated up to this magnitude; beyond it the BCL takes over.</summary>
    private const int ExponentCap = 100_000;

    /// <summary>The longest unsigned text the word-at-a-time path reads (two 64-bit words).</summary>
    internal const int ShortDecimalMaxLength = 16;

    /// <summary>'0' in every byte.</summary>
    private const ulong AsciiZeros = 0x3030303030303030UL;

    /// <summary>'0' in the lowest byte.</summary>
    private const ulong AsciiZero = 0x30UL;

    /// <summary>'.' in every byte.</summary>
    private const ulong AsciiPoints = 0x2E2E2E2E2E2E2E2EUL;

    /// <summary>
    /// Parses <c>[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?</c> exactly (correctly rounded).
    /// </summary>
    /// <param name="text">The whole text of the number, UTF-8.</param>
    /// <param name="value">The nearest double (ties to even); may be an infinity or zero after over- or underflow.</param>
    /// <returns>False when the text does not match the grammar.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if ((uint)(text.Length - 1) <= ShortDecimalMaxLength)
        {
            var negative = text[0] == (byte)'-';
            var start = negative || text[0] == (byte)'+' ? 1 : 0;
            if (TryReadShortDecimal(text[start..], out var mantissa, out var point)
                && TryShortDecimalValue(mantissa, point < 0 ? 0 : text.Length - start - 1 - point, out var magnitude))
            {
                value = negative ? -magnitude : magnitude;
                return true;
            }
        }

        return TryParseGeneral(text, out value);
    }

    /// <summary>
    /// Reads <c>digits</c>, <c>digits.digits</c>, <c>digits.</c> or <c>.digits</c> of 1 to
    /// <see cref="ShortDecimalMaxLength"/> bytes (no sign, no exponent) as one integer, 8 bytes at a time.
    /// </summary>
    /// <remarks>
    /// The text is loaded right-aligned into two 64-bit words (the first byte of the text lowest in its word) and
    /// left-padded with ASCII zeros, which change no value: only the text's own bytes are read, with overlapping 2-,
    /// 4- or 8-byte loads inside the span, so a span that ends at the end of its array is safe. The point is found
    /// with a zero-byte test on <c>word ^ 0x2E..2E</c>, removed by shifting the bytes before it up by one (a zero
    /// enters at the bottom), and then every byte must be a digit (one mask test per word:
    /// high nibble 3 and no carry out of <c>byte + 6</c>'s low nibble). Eight digits become an integer in three
    /// multiply-shift-mask steps that combine neighbouring lanes: pairs (x10), quads (x100), octets (x10^4).
    /// </remarks>
    /// <param name="text">The unsigned number text.</param>
    /// <param name="mantissa">All digits as an integer (leading zeros ignored), below 10^16.</param>
    /// <param name="point">The index of the point in <paramref name="text"/>, or -1 when there is none.</param>
    /// <returns>False when the text is not of that form or length; the caller then uses the general parser.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryReadShortDecimal(ReadOnlySpan<byte> text, out ulong mantissa, out int point)
    {
        mantissa = 0;
        point = -1;
        var length = text.Length;
        if (!BitConverter.IsLittleEndian || (uint)(length - 1) >= ShortDecimalMaxLength)
        {
            return false;
        }

        ref var first = ref MemoryMarshal.GetReference(text);
        if (length <= 8)
        {
            var word = LoadRightAligned(ref first, length);
            var points = ZeroBytes(word ^ AsciiPoints);
            if (points != 0)
            {
                var at = BitOperations.TrailingZeroCount(points) >> 3;
                var below = (1UL << (8 * at)) - 1;
                word = (word & (~below << 8)) | ((word & below) << 8) | AsciiZero;
                point = at + length - 8;
                if (length == 1)
                {
                    return false; // "." alone has no digit
                }
            }

            if (!IsEightDigits(word))
            {
                return false;
            }

            mantissa = EightDigits(word);
            return true;
        }

        // head: the first length - 8 bytes, right-aligned; tail: the last 8 bytes.
        var head = LoadRightAligned(ref first, length - 8);
        var tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8));
        var tailPoints = ZeroBytes(tail ^ AsciiPoints);
        if (tailPoints != 0)
        {
            var at = BitOperations.TrailingZeroCount(tailPoints) >> 3;
            var below = (1UL << (8 * at)) - 1;
            tail = (tail & (~below << 8)) | ((tail & below) << 8) | (head >> 56);
            head = (head << 8) | AsciiZero;
            point = at + length - 8;
        }
        else
        {
            var headPoints = ZeroBytes(head ^ AsciiPoints);
            if (headPoints != 0)
            {
                var at = BitOperations.TrailingZeroCount(headPoints) >> 3;
                var below = (1UL << (8 * at)) - 1;
                head = (head & (~below << 8)) | ((head & below) << 8) | AsciiZero;
                point = at + length - 16;
            }
        }

        if (!IsEightDigits(head) || !IsEightDigits(tail))
        {
            return false;
        }

        mantissa = (EightDigits(head) * 100_000_000) + EightDigits(tail);
        return true;
    }

    /// <summary>
    /// mantissa x 10^-fractionDigits, correctly rounded, for the output of <see cref="TryReadShortDecimal"/>: Clinger's
    /// single division when the mantissa is an exact double, else Eisel-Lemire.
    /// </summary>
    /// <param name="mantissa">The digits, below 10^16.</param>
    /// <param name="fractionDigits">Digits after the point, 0 to 15.</param>
    /// <param name="value">The nearest double.</param>
    /// <returns>False in the rare case Eisel-Lemire cannot decide (the caller then uses the general parser).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryShortDecimalValue(ulong mantissa, int fractionDigits, out double value)
    {
        Debug.Assert(mantissa < 10_000_000_000_000_000UL && (uint)fractionDigits < ShortDecimalMaxLength, "A short decimal.");
        if (mantissa <= MaxExactInteger)
        {
            double exact = (long)mantissa;
            value = fractionDigits == 0 ? exact : exact / PowersOf10[fractionDigits];
            return true;
        }

        return TryEiselLemire(mantissa, -fractionDigits, out value);
    }

    /// <summary>10^exponent as an integer, for 0 &lt;= exponent &lt;= 15.</summary>
    internal static ulong IntegerPowerOf10(int exponent) => IntegerPowersOf10[exponent];

    /// <summary>
    /// The first <paramref name="length"/> (1 to 8) bytes at <paramref name="first"/> in the top bytes of a word
    /// (byte j of the text at byte 8 - length + j), ASCII zeros below; reads no byte past the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LoadRightAligned(ref byte first, int length)
    {
        Debug.Assert(length is >= 1 and <= 8, "One word.");
        ulong raw;
        if (length >= 4)
        {
            // Two overlapping 4-byte loads; the overlapping bytes are equal, so OR keeps them.
            raw = Unsafe.ReadUnaligned<uint>(ref first)
                | ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4)) << (8 * (length - 4)));
        }
        else if (length >= 2)
        {
            raw = Unsafe.ReadUnaligned<ushort>(ref first)
                | ((ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref first, length - 2)) << (8 * (length - 2)));
        }
        else
        {
            raw = first;
        }

        var shift = 8 * (8 - length);
        return (raw << shift) | (AsciiZeros & ((1UL << shift) - 1));
    }

    /// <summary>0x80 in each byte of <paramref name="word"/> that is zero, nothing elsewhere (exact: no carries between bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ZeroBytes(ulong word) => ~(((word & 0x7F7F7F7F7F7F7F7FUL) + 0x7F7F7F7F7F7F7F7FUL) | word) & 0x8080808080808080UL;

    /// <summary>Whether every byte is an ASCII digit: high nibble 3, and adding 6 does not carry out of the low nibble.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsEightDigits(ulong word) =>
        ((word & 0xF0F0F0F0F0F0F0F0UL) | (((word + 0x0606060606060606UL) & 0xF0F0F0F0F0F0F0F0UL) >> 4)) == 0x3333333333333333UL;

    /// <summary>Eight ASCII digits, the most significant in the lowest byte, as an integer (below 10^8).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong word)
    {
        var digits = word - AsciiZeros;                                           // byte j: d_j
        digits = ((digits * 10) + (digits >> 8)) & 0x00FF00FF00FF00FFUL;          // 16-bit lane k: 10 d_2k + d_2k+1
        digits = ((digits * 100) + (digits >> 16)) & 0x0000FFFF0000FFFFUL;        // 32-bit lane: 4 digits
        return ((digits * 10_000) + (digits >> 32)) & 0xFFFFFFFFUL;               // 8 digits
    }

    /// <summary>The general parser (any length, exponents): the whole grammar, no word-at-a-time shortcut.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    internal static bool TryParseGeneral(ReadOnlySpan<byte> text, out double value)
    {
        value = 0;
        var length = text.Length;
        var i = 0;
        var negative = false;
        if (length != 0 && (text[0] == (byte)'-' || text[0] == (byte)'+'))
        {
            negative = text[0] == (byte)'-';
            i = 1;
        }

        // The number is mantissa x 10^scale; digits past the 19th are dropped, recording whether any was not zero.
        ulong mantissa = 0;
        var mantissaDigits = 0;
        var scale = 0;
        var truncated = false;

        var integerStart = i;
        while (i < length)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                break;
            }

            if (mantissaDigits < MaxMantissaDigits)
            {
                // Leading zeros leave the mantissa at zero and count for nothing.
                mantissa = (mantissa * 10) + digit;
                mantissaDigits += mantissa != 0 ? 1 : 0;
            }
            else
            {
                scale++;
                truncated |= digit != 0;
            }

            i++;
        }

        var digitCount = i - integerStart;
        if (i < length && text[i] == (byte)'.')
        {
            i++;
            var fractionStart = i;
            while (i < length)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                if (mantissaDigits < MaxMantissaDigits)
                {
                    mantissa = (mantissa * 10) + digit;
                    mantissaDigits += mantissa != 0 ? 1 : 0;
                    scale--;
                }
                else
                {
                    truncated |= digit != 0;
                }

                i++;
            }

            digitCount += i - fractionStart;
        }

        if (digitCount == 0)
        {
            return false; // "", "+", ".", "-.", "e5", ".e5"
        }

        if (i < length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var exponentNegative = false;
            if (i < length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                exponentNegative = text[i] == (byte)'-';
                i++;
            }

            var exponentStart = i;
            var exponent = 0;
            while (i < length)
            {
                var digit = (uint)(text[i] - '0');
                if (digit > 9)
                {
                    break;
                }

                if (exponent < ExponentCap)
                {
                    exponent = (exponent * 10) + (int)digit;
                }

                i++;
            }

            if (i == exponentStart)
            {
                return false; // "1e", "1e+"
            }

            // A capped exponent is no longer exact: push the scale out of every fast path's range, so the BCL
            // decides (zero or infinity, unless a huge run of digits offsets it).
            var adjusted = scale + (long)(exponentNegative ? -exponent : exponent);
            scale = exponent >= ExponentCap ? int.MaxValue : (int)Math.Clamp(adjusted, -ExponentCap, ExponentCap);
        }

        if (i != length)
        {
            return false; // trailing bytes, white space, ",", "x", ...
        }

        if (mantissa == 0)
        {
            // Every digit was zero: a signed zero whatever the exponent.
            value = negative ? -0.0 : 0.0;
            return true;
        }

        double magnitude;
        if (truncated)
        {
            // The exact value lies strictly between mantissa and mantissa + 1 (x 10^scale): if both ends round
            // to the same double, so does every number between them.
            if (!TryEiselLemire(mantissa, scale, out magnitude)
                || !TryEiselLemire(mantissa + 1, scale, out var upper)
                || magnitude != upper)
            {
                value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                return true;
            }
        }
        else if (!TryClinger(mantissa, scale, out magnitude) && !TryEiselLemire(mantissa, scale, out magnitude))
        {
            value = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            return true;
        }

        value = negative ? -magnitude : magnitude;
        return true;
    }

    /// <summary>
    /// Clinger's fast path: mantissa x 10^scale with one correctly rounded IEEE operation on exact operands.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryClinger(ulong mantissa, int scale, out double value)
    {
        value = 0;
        if (mantissa > MaxExactInteger)
        {
            return false;
        }

        if ((uint)scale <= MaxExactPowerOf10)
        {
            value = mantissa * PowersOf10[scale];
            return true;
        }

        if (scale < 0 && scale >= -MaxExactPowerOf10)
        {
            value = mantissa / PowersOf10[-scale];
            return true;
        }

        // "Disguised" fast path: 12e30 = 12000000000 x 1e22 while the mantissa stays an exact integer.
        var extra = scale - MaxExactPowerOf10;
        if (extra > 0 && extra < 16)
        {
            var limit = MaxExactInteger / IntegerPowersOf10[extra];
            if (mantissa <= limit)
            {
                value = mantissa * IntegerPowersOf10[extra] * PowersOf10[MaxExactPowerOf10];
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Eisel-Lemire (Daniel Lemire, "Number parsing at a gigabyte per second", Software: Practice and Experience
    /// 51(8), 2021, after Michael Eisel): mantissa x 10^scale from one 64 x 128-bit product with a truncated
    /// 128-bit power of five, for normal results. The product is within 2 units of its last bit of the exact
    /// scaled value (exact for 0 &lt;= scale &lt;= 27, where the power fits in 64 bits), so rounding is settled unless
    /// the discarded bits lie within 2 units of half-way; then, and for subnormal or infinite results, it gives up.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryEiselLemire(ulong mantissa, int scale, out double value)
    {
        value = 0;
        if (scale < Pow5Table.MinExponent || scale > Pow5Table.MaxExponent)
        {
            return false;
        }

        ref readonly var entry = ref Pow5Table.Entries[scale - Pow5Table.MinExponent];
        var powerHigh = entry.High;
        var powerLow = entry.Low;

        // A = floor(w x T / 2^64) with w the mantissa shifted to set its top bit, T = 5^scale x 2^-e5 in
        // [2^127, 2^128); A has its top bit at 126 or 127.
        var leadingZeros = BitOperations.LeadingZeroCount(mantissa);
        var w = mantissa << leadingZeros;
        var product = new UInt128(MultiplyHigh(w, powerHigh), w * powerHigh) + MultiplyHigh(w, powerLow);
        var productHigh = (ulong)(product >> 64);
        var productLow = (ulong)product;

        // Keep the top 53 bits; the discarded ones are (remainderHigh : productLow), compared with half.
        var upperBit = (int)(productHigh >> 63);
        var highShift = 10 + upperBit;                        // discarded bits in the high word
        var significand = productHigh >> highShift;
        var remainderHigh = productHigh & ((1UL << highShift) - 1);
        var halfHigh = 1UL << (highShift - 1);

        bool roundUp;
        if (scale is >= 0 and <= 27)
        {
            // Exact product: ties go to even.
            roundUp = remainderHigh > halfHigh
                || (remainderHigh == halfHigh && (productLow != 0 || (significand & 1) != 0));
        }
        else
        {
            if ((remainderHigh == halfHigh && productLow <= 2) || (remainderHigh == halfHigh - 1 && productLow >= ulong.MaxValue - 1))
            {
                return false; // too close to half-way to tell
            }

            roundUp = remainderHigh >= halfHigh;
        }

        // A = significand x 2^(64 + highShift) and value = A x 2^(64 + e5 - leadingZeros + scale) (the mantissa's
        // shift undone, 10^scale = 5^scale x 2^scale); the leading bit of the 53-bit significand is 52 higher.
        var biasedExponent = 128 + highShift + entry.BinaryExponent - leadingZeros + scale + 52 + 1023;
        significand += roundUp ? 1UL : 0UL;
        if (significand == 1UL << 53)
        {
            significand >>= 1;
            biasedExponent++;
        }

        if (biasedExponent is <= 0 or >= 2047)
        {
            return false; // subnormal, zero or infinity: leave it to the BCL
        }

        value = BitConverter.UInt64BitsToDouble(((ulong)biasedExponent << 52) | (significand & ((1UL << 52) - 1)));
        return true;
    }

    /// <summary>The high 64 bits of the 128-bit product, in registers where the hardware allows.</summary>
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

    /// <summary>10^0 .. 10^22, all exact doubles.</summary>
    private static ReadOnlySpan<double> PowersOf10 =>
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>10^0 .. 10^15 as integers.</summary>
    private static ReadOnlySpan<ulong> IntegerPowersOf10 =>
    [
        1UL, 10UL, 100UL, 1_000UL, 10_000UL, 100_000UL, 1_000_000UL, 10_000_000UL, 100_000_000UL,
        1_000_000_000UL, 10_000_000_000UL, 100_000_000_000UL, 1_000_000_000_000UL, 10_000_000_000_000UL,
        100_000_000_000_000UL, 1_000_000_000_000_000UL,
    ];

    /// <summary>
    /// 5^q for q in [-342, 308] as T x 2^e5 with T in [2^127, 2^128): truncated for q &gt;= 0 (exact up to q = 55),
    /// floor(2^-e5 / 5^-q) for q &lt; 0, so |T - 5^q / 2^e5| &lt; 1. Computed once with <see cref="BigInteger"/>.
    /// </summary>
    private static class Pow5Table
    {
        /// <summary>Below this, every 19-digit mantissa underflows to zero or a subnormal.</summary>
        public const int MinExponent = -342;

        /// <summary>Above this, every mantissa overflows.</summary>
        public const int MaxExponent = 308;

        /// <summary>T and e5 for each q, from <see cref="MinExponent"/> up.</summary>
        public static readonly (ulong High, ulong Low, int BinaryExponent)[] Entries = Build();

        private static (ulong High, ulong Low, int BinaryExponent)[] Build()
        {
            var entries = new (ulong High, ulong Low, int BinaryExponent)[MaxExponent - MinExponent + 1];
            var power = BigInteger.One; // 5^|q|
            for (var q = 0; q <= Math.Max(MaxExponent, -MinExponent); q++)
            {
                var bits = (int)power.GetBitLength();
                if (q <= MaxExponent)
                {
                    var shift = bits - 128;
                    entries[q - MinExponent] = Entry(shift >= 0 ? power >> shift : power << -shift, shift);
                }

                if (q > 0 && -q >= MinExponent)
                {
                    entries[-q - MinExponent] = Entry((BigInteger.One << (127 + bits)) / power, -(127 + bits));
                }

                power *= 5;
            }

            return entries;
        }

        private static (ulong High, ulong Low, int BinaryExponent) Entry(BigInteger value, int binaryExponent)
        {
            Debug.Assert(value.GetBitLength() == 128, "T is normalised to 128 bits.");
            return ((ulong)(value >> 64), (ulong)(value & ulong.MaxValue), binaryExponent);
        }
    }
}
