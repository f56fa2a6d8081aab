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

    /// <summary>Writes the shortest round-trip text of a finite value; returns the bytes written.</summary>
    public static int Write(double value, Span<byte> destination)
    {
        return Internal.Utf8DoubleFormatter.Format(value, destination);
    }
}
