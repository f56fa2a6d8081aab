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
/// <para>Word at a time: an optional '-' and up to 8 bytes of <c>digits[.digits]</c> (loan-book fields such as
/// <c>12431.53</c>, <c>0.026392</c>, <c>1.33</c>) are read as one 64-bit word, inlined into the caller: the point found and
/// removed, all digits checked with one mask test and converted with two multiplications (Lemire 2021, below), then
/// Clinger's single division. 9 to 16 bytes take the same steps on two words out of line. Only the text's own bytes are
/// loaded (overlapping 2-, 4- and 8-byte loads), never a byte past the span. Everything else goes to the general scanner.</para>
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

    /// <summary>The high nibble of every byte.</summary>
    private const ulong HighNibbles = 0xF0F0F0F0F0F0F0F0UL;

    /// <summary>
    /// Parses <c>[+-]?(digits[.digits*]|.digits)([eE][+-]?digits)?</c> exactly (correctly rounded).
    /// </summary>
    /// <param name="text">The whole text of the number, UTF-8.</param>
    /// <param name="value">The nearest double (ties to even); may be an infinity or zero after over- or underflow.</param>
    /// <returns>False when the text does not match the grammar.</returns>
    /// <remarks>
    /// Inlined: the common case, an optional '-' and at most 8 bytes of <c>digits[.digits]</c>, is one word of
    /// work (<see cref="TryReadWord"/>) and one division; everything else goes to <see cref="ParseLongerOrNaN"/>.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) => TryParseCore(text, out value, finiteOnly: false);

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{byte}, out double)"/> that also returns false (and 0) for a text that overflows
    /// to an infinity; the finiteness test costs nothing on the word path, whose values are always finite.
    /// </summary>
    /// <param name="text">The whole text of the number, UTF-8.</param>
    /// <param name="value">The nearest double, finite.</param>
    /// <returns>False when the text does not match the grammar or its value overflows.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParseFinite(ReadOnlySpan<byte> text, out double value) => TryParseCore(text, out value, finiteOnly: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseCore(ReadOnlySpan<byte> text, out double value, bool finiteOnly)
    {
        var length = text.Length;
        ref var first = ref MemoryMarshal.GetReference(text);
        if (length != 0)
        {
            var sign = first == (byte)'-' ? 1 : 0;
            if (TryReadWord(ref Unsafe.Add(ref first, sign), length - sign, out var mantissa, out var pointShift))
            {
                var magnitude = WordValue(mantissa, pointShift);
                value = sign != 0 ? -magnitude : magnitude;
                return true;
            }
        }

        // NaN for "not a number" (the grammar has no NaN), so the value stays in a register on the fast path.
        value = ParseLongerOrNaN(text);
        if (finiteOnly ? !double.IsFinite(value) : double.IsNaN(value))
        {
            value = 0;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads <c>digits</c>, <c>digits.digits</c>, <c>digits.</c> or <c>.digits</c> of 1 to 8 bytes (no sign, no
    /// exponent) as one integer, all bytes at once.
    /// </summary>
    /// <remarks>
    /// <para>The text is loaded right-aligned into a 64-bit word (its first byte lowest), each byte XOR 0x30, so a
    /// digit byte holds its value and the padding below the text is zeros, which change no value. Only the text's own
    /// bytes are read, with two overlapping 4-byte loads (or 2-byte loads, or one byte), so a text that ends at the end
    /// of its memory is safe.</para>
    /// <para>The lowest byte with a high nibble other than 0 cannot be a digit; it must be the point (0x2E XOR 0x30 =
    /// 0x1E), and is removed by shifting the bytes below it up one byte (a zero enters at the bottom). Then every byte
    /// must be at most 9, one mask test: <c>((x + 0x76..76) | x) &amp; 0x80..80 = 0</c> (a byte of 10 or more reaches
    /// the high bit; the lowest bad byte receives no carry from the valid bytes below it, so it is always caught).</para>
    /// <para>The digits become an integer with the SWAR technique of D. Lemire, "Number parsing at a gigabyte per
    /// second", Software: Practice and Experience 51(8), 2021: see <see cref="EightDigits"/>.</para>
    /// </remarks>
    /// <param name="first">The first byte of the unsigned text.</param>
    /// <param name="length">The text's length in bytes.</param>
    /// <param name="mantissa">All digits as an integer, below 10^8.</param>
    /// <param name="pointShift">8 x the point's byte in the word (7 - digits after the point), or 56 without a point.</param>
    /// <returns>False when the text is not of that form or length (nothing to be concluded).</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryReadWord(ref byte first, int length, out ulong mantissa, out int pointShift)
    {
        mantissa = 0;
        pointShift = 56;
        if (!BitConverter.IsLittleEndian || (uint)(length - 1) >= 8)
        {
            return false;
        }

        var digits = LoadDigits(ref first, length);
        var nonDigits = digits & HighNibbles;
        if (nonDigits != 0)
        {
            // The byte's bits start at shift = 8b; keep the bytes above it, move the ones below it up one byte.
            var shift = BitOperations.TrailingZeroCount(nonDigits) & ~7;
            if ((byte)(digits >> shift) != ((byte)'.' ^ (byte)'0') || length == 1)
            {
                return false; // not a point, or "." alone (no digit)
            }

            var moved = digits << 8;
            digits = moved ^ ((moved ^ digits) & ((ulong.MaxValue << shift) << 8));
            pointShift = shift;
        }

        if ((((digits + 0x7676767676767676UL) | digits) & 0x8080808080808080UL) != 0)
        {
            return false;
        }

        mantissa = EightDigits(digits);
        return true;
    }

    /// <summary>mantissa x 10^-(7 - pointShift / 8) correctly rounded (Clinger: both are exact doubles, one division).</summary>
    /// <param name="mantissa">At most 2^53.</param>
    /// <param name="pointShift">8 x (7 - digits after the point): 0 to 56, a multiple of 8.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double WordValue(ulong mantissa, int pointShift)
    {
        Debug.Assert(mantissa <= MaxExactInteger && (uint)pointShift <= 56 && pointShift % 8 == 0, "Clinger's exact operands.");

        // pointShift is also the byte offset of 10^(7 - pointShift / 8) in the descending table.
        return (long)mantissa / Unsafe.AddByteOffset(ref MemoryMarshal.GetReference(DescendingPowersOf10), (nint)pointShift);
    }

    /// <summary>mantissa x 10^-fractionDigits correctly rounded (Clinger: both are exact doubles, one division).</summary>
    /// <param name="mantissa">At most 2^53.</param>
    /// <param name="fractionDigits">0 to 22.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double ExactQuotient(ulong mantissa, int fractionDigits)
    {
        Debug.Assert(mantissa <= MaxExactInteger && (uint)fractionDigits <= MaxExactPowerOf10, "Clinger's exact operands.");
        return (long)mantissa / PowersOf10[fractionDigits];
    }

    /// <summary><see cref="TryParseLonger"/> out of line, NaN when the text is not a number.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static double ParseLongerOrNaN(ReadOnlySpan<byte> text) => TryParseLonger(text, out var value) ? value : double.NaN;

    /// <summary>
    /// Texts that <see cref="TryParse"/> does not read as one word: 9 to 16 bytes of <c>digits[.digits]</c> (after an
    /// optional sign) as two words, anything else with the general parser.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryParseLonger(ReadOnlySpan<byte> text, out double value)
    {
        var length = text.Length;
        if ((uint)(length - 1) <= ShortDecimalMaxLength)
        {
            var negative = text[0] == (byte)'-';
            var start = negative || text[0] == (byte)'+' ? 1 : 0;
            if (TryReadShortDecimal(text[start..], out var mantissa, out var point)
                && mantissa <= MaxExactInteger)
            {
                var magnitude = ExactQuotient(mantissa, point < 0 ? 0 : length - start - 1 - point);
                value = negative ? -magnitude : magnitude;
                return true;
            }
        }

        return TryParseGeneral(text, out value);
    }

    /// <summary>
    /// <see cref="TryReadWord"/> for 1 to <see cref="ShortDecimalMaxLength"/> bytes: up to 8 as one word, longer as
    /// two (the last 8 bytes, and the first ones right-aligned), the point removed across both.
    /// </summary>
    /// <param name="text">The unsigned number text.</param>
    /// <param name="mantissa">All digits as an integer, below 10^16.</param>
    /// <param name="point">The index of the point in <paramref name="text"/>, or -1 when there is none.</param>
    /// <returns>False when the text is not of that form or length; the caller then uses the general parser.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryReadShortDecimal(ReadOnlySpan<byte> text, out ulong mantissa, out int point)
    {
        point = -1;
        var length = text.Length;
        ref var first = ref MemoryMarshal.GetReference(text);
        if (length <= 8)
        {
            if (!TryReadWord(ref first, length, out mantissa, out var pointShift))
            {
                return false;
            }

            point = HasPoint(text, pointShift) ? length - 8 + (pointShift >> 3) : -1;
            return true;
        }

        mantissa = 0;
        if (!BitConverter.IsLittleEndian || length > ShortDecimalMaxLength)
        {
            return false;
        }

        // head: the first length - 8 bytes, right-aligned; tail: the last 8 bytes; both XOR 0x30 as in TryReadWord.
        var head = LoadDigits(ref first, length - 8);
        var tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref first, length - 8)) ^ AsciiZeros;
        var removed = (byte)'.' ^ (byte)'0';
        var tailNonDigits = tail & HighNibbles;
        if (tailNonDigits != 0)
        {
            // The bytes below the point move up one, the head's top byte enters the tail at the bottom.
            var shift = BitOperations.TrailingZeroCount(tailNonDigits) & ~7;
            var moved = (tail << 8) | (head >> 56);
            removed = (byte)(tail >> shift);
            tail = moved ^ ((moved ^ tail) & ((ulong.MaxValue << shift) << 8));
            head <<= 8;
            point = (shift >> 3) + length - 8;
        }
        else
        {
            var headNonDigits = head & HighNibbles;
            if (headNonDigits != 0)
            {
                var shift = BitOperations.TrailingZeroCount(headNonDigits) & ~7;
                var moved = head << 8;
                removed = (byte)(head >> shift);
                head = moved ^ ((moved ^ head) & ((ulong.MaxValue << shift) << 8));
                point = (shift >> 3) + length - 16;
            }
        }

        if (removed != ((byte)'.' ^ (byte)'0')
            || (((head + 0x7676767676767676UL) | head | (tail + 0x7676767676767676UL) | tail) & 0x8080808080808080UL) != 0)
        {
            return false;
        }

        mantissa = (EightDigits(head) * 100_000_000) + EightDigits(tail);
        return true;
    }

    /// <summary>10^exponent as an integer, for 0 &lt;= exponent &lt;= 15.</summary>
    internal static ulong IntegerPowerOf10(int exponent) => IntegerPowersOf10[exponent];

    /// <summary>
    /// Whether a text <see cref="TryReadWord"/> accepted has a point: <paramref name="pointShift"/> is 56 both for no
    /// point and for a point as the last byte, so the last byte decides.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool HasPoint(ReadOnlySpan<byte> text, int pointShift) => pointShift != 56 || text[^1] == (byte)'.';

    /// <summary>
    /// The first <paramref name="length"/> (1 to 8) bytes at <paramref name="first"/>, each XOR 0x30, in the top bytes
    /// of a word (byte j of the text at byte 8 - length + j), zeros below; reads no byte outside the text.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LoadDigits(ref byte first, int length)
    {
        Debug.Assert(length is >= 1 and <= 8, "One word.");
        // 64 - 8 length (0 to 56), the padding's bits: shift counts of ulong are taken mod 64, so -8 length is the
        // same count, and 0 for 8 bytes.
        var shift = -8 * length;
        ulong raw;
        if (length >= 4)
        {
            // Two overlapping 4-byte loads: bytes 0-3 go to 8 - length .. 11 - length (the ones past 7 drop out),
            // bytes length - 4 .. length - 1 to 4-7; where they overlap they are the same bytes.
            raw = ((ulong)Unsafe.ReadUnaligned<uint>(ref first) << shift)
                | ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref first, length - 4)) << 32);
        }
        else if (length >= 2)
        {
            raw = ((ulong)Unsafe.ReadUnaligned<ushort>(ref first) << shift)
                | ((ulong)Unsafe.ReadUnaligned<ushort>(ref Unsafe.Add(ref first, length - 2)) << 48);
        }
        else
        {
            raw = (ulong)first << 56;
        }

        return raw ^ (AsciiZeros << shift);
    }

    /// <summary>Eight digit values (0-9, one a byte), the most significant in the lowest byte, as an integer (below 10^8).</summary>
    /// <remarks>
    /// Byte j holds d_j. First every byte becomes 10 d_j + d_(j+1), so byte 2k holds the pair p_k (0 to 99). Then one
    /// 64-bit product places p_0 x 10^6 + p_2 x 10^2 in the high half (p_0 at bit 0 and p_2 at bit 32, times
    /// 100 + 10^6 x 2^32) and another p_1 x 10^4 + p_3 (p_1 at 0 and p_3 at 32, times 1 + 10^4 x 2^32); their low
    /// halves (100 p_0 + p_1 &lt; 2^32) carry nothing into the high ones, whose sum is the number.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EightDigits(ulong digits)
    {
        var pairs = (digits * 10) + (digits >> 8);
        var even = pairs & 0x000000FF000000FFUL;          // p_0, p_2
        var odd = (pairs >> 16) & 0x000000FF000000FFUL;   // p_1, p_3
        return ((even * (100 + (1_000_000UL << 32))) + (odd * (1 + (10_000UL << 32)))) >> 32;
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

    /// <summary>10^7 down to 10^0 (a byte offset of 8b gives 10^(7 - b)).</summary>
    private static ReadOnlySpan<double> DescendingPowersOf10 => [1e7, 1e6, 1e5, 1e4, 1e3, 1e2, 1e1, 1e0];

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
