using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
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

    /// <summary>
    /// Parses <c>[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?</c> exactly (correctly rounded).
    /// </summary>
    /// <param name="text">The whole text of the number, UTF-8.</param>
    /// <param name="value">The nearest double (ties to even); may be an infinity or zero after over- or underflow.</param>
    /// <returns>False when the text does not match the grammar.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
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
