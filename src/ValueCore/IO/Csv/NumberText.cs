namespace ValueCore.IO.Csv;

/// <summary>UTF-8 number reading and writing on the batch paths (culture-invariant; round-trip exact).</summary>
internal static class NumberText
{
    public const int MaxLength = 32;

    /// <summary>Parses a finite decimal number ([+-]digits[.digits][e[+-]digits]); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        return Internal.Utf8DoubleParser.TryParse(text, out value) && double.IsFinite(value);
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

    /// <summary>Writes the shortest round-trip text of a finite value; returns the bytes written.</summary>
    public static int Write(double value, Span<byte> destination)
    {
        return Internal.Utf8DoubleFormatter.Format(value, destination);
    }
}
