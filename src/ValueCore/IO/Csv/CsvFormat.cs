using System.Globalization;

namespace ValueCore.IO.Csv;

/// <summary>
/// How a CSV file's bytes are read: the field separator (<see cref="CsvRecordSplitter"/>) and the decimal separator of
/// its numbers (<see cref="TryParseNumber"/>). Output files always use <c>,</c> and <c>.</c> (docs/conventions.md).
/// </summary>
/// <param name="Delimiter">The field separator.</param>
/// <param name="DecimalSeparator">The decimal separator, <c>.</c> or <c>,</c>.</param>
internal readonly record struct CsvFormat(byte Delimiter, byte DecimalSeparator)
{
    /// <summary><c>,</c> between fields and <c>.</c> in numbers.</summary>
    public static CsvFormat Default => new((byte)',', (byte)'.');

    /// <summary>Whether numbers carry a decimal comma.</summary>
    public bool DecimalComma => DecimalSeparator == (byte)',';

    /// <summary>The format of a loan-book CSV's options.</summary>
    public static CsvFormat From(LoanBookCsvOptions options) => From(options.Delimiter, options.DecimalSeparator);

    /// <summary>Checks and combines a field separator and a decimal separator.</summary>
    /// <exception cref="ArgumentException">The delimiter is not an ASCII separator (a quote, CR, LF, letter or digit), the
    /// decimal separator is neither <c>.</c> nor <c>,</c>, or the two are the same character.</exception>
    public static CsvFormat From(char delimiter, char decimalSeparator)
    {
        if (delimiter > 0x7E || (delimiter < 0x20 && delimiter != '\t') || delimiter is '"' or '\r' or '\n' || char.IsAsciiLetterOrDigit(delimiter))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The field delimiter '{Show(delimiter)}' cannot separate CSV fields (use an ASCII punctuation character, a space or a tab; not a quote, letter or digit)."), nameof(delimiter));
        }

        if (decimalSeparator is not ('.' or ','))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The decimal separator '{Show(decimalSeparator)}' is not supported (use '.' or ',')."), nameof(decimalSeparator));
        }

        if (delimiter == decimalSeparator)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"The field delimiter and the decimal separator are both '{Show(delimiter)}'; they must differ (a decimal-comma file separates fields with ';' or a tab)."), nameof(decimalSeparator));
        }

        return new CsvFormat((byte)delimiter, (byte)decimalSeparator);
    }

    /// <summary>A number field in this format: the strict grammar of <see cref="NumberText.TryParse(ReadOnlySpan{byte}, out double)"/>
    /// with <see cref="DecimalSeparator"/> in place of the point (a decimal-comma field with a point in it is not a number).</summary>
    public bool TryParseNumber(ReadOnlySpan<byte> text, out double value) =>
        DecimalComma ? TryParseDecimalComma(text, out value) : NumberText.TryParse(text, out value);

    /// <summary><see cref="TryParseNumber"/> for a text that <see cref="NumberText.TryParse(ReadOnlySpan{byte}, out double)"/>
    /// has refused in the default format: whether it is a number written with a decimal comma (<c>0,45</c>), the sign of a
    /// decimal-comma file read with <c>.</c>.</summary>
    public static bool LooksLikeDecimalComma(ReadOnlySpan<byte> text) =>
        text.Contains((byte)',') && TryParseDecimalComma(text, out _);

    /// <summary>A number with at most one decimal comma and no point.</summary>
    public static bool TryParseDecimalComma(ReadOnlySpan<byte> text, out double value)
    {
        int comma = text.IndexOf((byte)',');
        if (comma < 0)
        {
            if (text.Contains((byte)'.'))
            {
                value = 0;
                return false;
            }

            return NumberText.TryParse(text, out value);
        }

        if (text.Contains((byte)'.') || text[(comma + 1)..].Contains((byte)','))
        {
            value = 0;
            return false;
        }

        Span<byte> copy = text.Length <= 64 ? stackalloc byte[64] : new byte[text.Length];
        copy = copy[..text.Length];
        text.CopyTo(copy);
        copy[comma] = (byte)'.';
        return NumberText.TryParse(copy, out value);
    }

    /// <summary>A separator as messages show it (a tab as <c>\t</c>).</summary>
    public static string Show(char c) => c == '\t' ? "\\t" : c.ToString();
}
