using System.Globalization;

namespace ValueCore.IO.Csv;

/// <summary>UTF-8 number reading and writing on the batch paths (culture-invariant; round-trip exact).</summary>
internal static class NumberText
{
    public const int MaxLength = 32;

    /// <summary>Parses a finite decimal number ([+-]digits[.digits][e[+-]digits]); false for anything else.</summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        if (text.IsEmpty || !IsNumberSyntax(text))
        {
            value = 0;
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Writes the shortest round-trip text of a finite value; returns the bytes written.</summary>
    public static int Write(double value, Span<byte> destination)
    {
        value.TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
        return written;
    }

    private static bool IsNumberSyntax(ReadOnlySpan<byte> s)
    {
        // Only digits, one sign in front or after the exponent marker, '.', 'e'/'E': rejects NaN, Infinity and symbols.
        foreach (byte b in s)
        {
            if (!((uint)(b - '0') <= 9 || b is (byte)'.' or (byte)'-' or (byte)'+' or (byte)'e' or (byte)'E'))
            {
                return false;
            }
        }

        return true;
    }
}
