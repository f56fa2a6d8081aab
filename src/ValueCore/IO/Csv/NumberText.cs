using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ValueCore.Internal;

namespace ValueCore.IO.Csv;

/// <summary>UTF-8 number reading and writing on the batch paths (culture-invariant; round-trip exact).</summary>
internal static class NumberText
{
    public const int MaxLength = 32;

    /// <summary>Parses a finite decimal number ([+-]digits[.digits][e[+-]digits]); false for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        return Utf8DoubleParser.TryParseFinite(text, out value);
    }

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{byte}, out double)"/> and <see cref="IsCanonical"/> in one scan of the text:
    /// the same value and the same canonical verdict as calling both.
    /// </summary>
    /// <param name="text">The field's text, UTF-8.</param>
    /// <param name="value">The parsed value when the method returns true (otherwise not meaningful).</param>
    /// <param name="canonical">Whether <paramref name="text"/> is canonical (see <see cref="IsCanonical"/>); false when not a number.</param>
    /// <returns>False when the text is not a finite decimal number.</returns>
    /// <remarks>
    /// For a short plain decimal (the word-at-a-time path of <c>Utf8DoubleParser</c>) the canonical test needs only the
    /// point's position, the first and last bytes and the digits' integer: with at most 16 bytes the significant digits
    /// are at most 15 whenever a point is present, and a "0.f" fraction starts with at most 3 zeros exactly when its
    /// integer is at least 10^(length(f) - 4).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, out double value, out bool canonical)
    {
        ref var first = ref MemoryMarshal.GetReference(text);
        if (Utf8DoubleParser.TryReadWord(ref first, text.Length, out var mantissa, out var pointShift))
        {
            value = Utf8DoubleParser.WordValue(mantissa, pointShift);
            canonical = IsCanonicalWord(text, mantissa, pointShift);
            return true;
        }

        return TryParseLonger(text, out value, out canonical);
    }

    /// <summary><see cref="TryParse(ReadOnlySpan{byte}, out double, out bool)"/> beyond one word of plain decimal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static bool TryParseLonger(ReadOnlySpan<byte> text, out double value, out bool canonical)
    {
        if (Utf8DoubleParser.TryReadShortDecimal(text, out var mantissa, out var point) && mantissa <= 1UL << 53)
        {
            value = Utf8DoubleParser.ExactQuotient(mantissa, point < 0 ? 0 : text.Length - 1 - point);
            canonical = IsCanonicalShort(text, mantissa, point);
            return true; // at most 16 digits: always finite
        }

        if (!TryParse(text, out value))
        {
            canonical = false;
            return false;
        }

        canonical = IsCanonical(text);
        return true;
    }

    /// <summary>
    /// Whether <see cref="Write"/> of the number <paramref name="text"/> reads as would give back exactly these bytes,
    /// so a batch can copy the input text instead of formatting the parsed value: a non-negative plain decimal
    /// (<c>0</c> or digits without a leading zero, then optionally a point and digits not ending in zero), at most 15
    /// significant digits, and a decimal exponent in the plain-notation range of the "R" format ([-4, 16]).
    /// </summary>
    /// <remarks>
    /// Any decimal of at most 15 significant digits reads back from its nearest double unchanged (15 = DBL_DIG, IEEE
    /// 754-2019 clause 5.12.2), so no other decimal of that length or shorter rounds to the same double, and the
    /// shortest round-trip digits are the text's own.
    /// </remarks>
    public static bool IsCanonical(ReadOnlySpan<byte> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        int point = text.IndexOf((byte)'.');
        var integer = point < 0 ? text : text[..point];
        if (integer.IsEmpty || (integer[0] == (byte)'0' && integer.Length > 1) || integer.Length > 17 || integer.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        int significant;
        if (point < 0)
        {
            significant = integer.TrimEnd((byte)'0').Length;
            return significant <= 15;
        }

        var fraction = text[(point + 1)..];
        if (fraction.IsEmpty || fraction[^1] == (byte)'0' || fraction.ContainsAnyExceptInRange((byte)'0', (byte)'9'))
        {
            return false;
        }

        if (integer[0] != (byte)'0')
        {
            return integer.Length + fraction.Length <= 15;
        }

        int zeros = fraction.IndexOfAnyExcept((byte)'0'); // the first significant digit is fraction[zeros]
        return zeros <= 3 && fraction.Length - zeros <= 15;
    }

    /// <summary><see cref="IsCanonical"/> for a text <c>Utf8DoubleParser.TryReadWord</c> accepted (1 to 8 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCanonicalWord(ReadOnlySpan<byte> text, ulong mantissa, int pointShift)
    {
        var length = text.Length;
        return IsCanonicalShort(text, mantissa, Utf8DoubleParser.HasPoint(text, pointShift) ? length - 8 + (pointShift >> 3) : -1);
    }

    /// <summary><see cref="IsCanonical"/> for a text <c>Utf8DoubleParser.TryReadShortDecimal</c> accepted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsCanonicalShort(ReadOnlySpan<byte> text, ulong mantissa, int point)
    {
        var length = text.Length;
        var integerDigits = point < 0 ? length : point;
        if (integerDigits == 0 || (integerDigits > 1 && text[0] == (byte)'0'))
        {
            return false; // ".5", "01"
        }

        if (point < 0)
        {
            // Up to 15 digits always; 16 only with a trailing zero (at most 15 significant).
            return length <= 15 || text[length - 1] == (byte)'0';
        }

        var fractionDigits = length - 1 - point;
        if (fractionDigits == 0 || text[length - 1] == (byte)'0')
        {
            return false; // "1.", "1.50"
        }

        // At most 16 bytes with a point: at most 15 digits. With "0." the first significant digit must come within
        // the first four of the fraction (the "R" format's plain range starts at 1E-04).
        return text[0] != (byte)'0' || fractionDigits <= 4 || mantissa >= Utf8DoubleParser.IntegerPowerOf10(fractionDigits - 4);
    }

    /// <summary>Writes the shortest round-trip text of a finite value; returns the bytes written.</summary>
    public static int Write(double value, Span<byte> destination)
    {
        return Internal.Utf8DoubleFormatter.Format(value, destination);
    }
}
