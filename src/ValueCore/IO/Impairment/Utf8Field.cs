using System.Text;
using ValueCore.Impairment;
using ValueCore.IO.Csv;

namespace ValueCore.IO.Impairment;

/// <summary>
/// Reads impairment fields straight from UTF-8 bytes with exactly the results of the text readers they replace: a fast
/// path for the common form, and the text reader itself (on the decoded field) for anything else.
/// </summary>
internal static class Utf8Field
{
    private static readonly bool[] s_asciiSpace = BuildSpaces();

    /// <summary>The field without leading and trailing white space (as <see cref="string.Trim()"/> would remove it).</summary>
    public static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> value)
    {
        // Every ASCII white-space character is at most 0x20: most fields need one look at each end.
        if (value.IsEmpty || ((uint)(value[0] - 0x21) < 0x5F && (uint)(value[^1] - 0x21) < 0x5F))
        {
            return value;
        }

        int a = 0, b = value.Length;
        while (a < b && value[a] < 0x80 && s_asciiSpace[value[a]])
        {
            a++;
        }

        while (b > a && value[b - 1] < 0x80 && s_asciiSpace[value[b - 1]])
        {
            b--;
        }

        value = value[a..b];
        if (value.IsEmpty || (value[0] < 0x80 && value[^1] < 0x80))
        {
            return value;
        }

        // Non-ASCII at an end: it may be Unicode white space.
        string text = Encoding.UTF8.GetString(value);
        string trimmed = text.Trim();
        if (trimmed.Length == text.Length)
        {
            return value;
        }

        return Encoding.UTF8.GetBytes(trimmed);
    }

    /// <summary>The field as text (for messages and identifiers).</summary>
    public static string Text(ReadOnlySpan<byte> value) => value.IsEmpty ? "" : Encoding.UTF8.GetString(value);

    /// <summary>A finite number as <see cref="CsvText.TryParseNumber"/> reads it.</summary>
    public static bool TryNumber(ReadOnlySpan<byte> text, out double value)
    {
        if (NumberText.TryParse(text, out value))
        {
            return true;
        }

        return !text.IsEmpty && CsvText.TryParseNumber(Text(text), out value);
    }

    /// <summary>An ISO date (yyyy-MM-dd) as <see cref="ImpairmentCsv.TryParseDate"/> reads it.</summary>
    public static bool TryDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        if (text.Length == 10 && text[4] == (byte)'-' && text[7] == (byte)'-')
        {
            int y = Digits(text[0..4]), m = Digits(text[5..7]), d = Digits(text[8..10]);
            if (y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
            {
                date = new DateOnly(y, m, d);
                return true;
            }
        }

        return ImpairmentCsv.TryParseDate(Text(text), out date);
    }

    /// <summary>repayment, collateral or cost, case-insensitive (ordinal), as the text reader compares them.</summary>
    public static bool TryKind(ReadOnlySpan<byte> text, out CashFlowKind kind)
    {
        if (Ascii.EqualsIgnoreCase(text, "repayment"u8))
        {
            kind = CashFlowKind.Repayment;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "collateral"u8))
        {
            kind = CashFlowKind.Collateral;
            return true;
        }

        if (Ascii.EqualsIgnoreCase(text, "cost"u8))
        {
            kind = CashFlowKind.Cost;
            return true;
        }

        kind = CashFlowKind.Repayment;
        if (Ascii.IsValid(text))
        {
            return false;
        }

        string s = Text(text);
        (bool ok, kind) = s.Equals("repayment", StringComparison.OrdinalIgnoreCase) ? (true, CashFlowKind.Repayment)
            : s.Equals("collateral", StringComparison.OrdinalIgnoreCase) ? (true, CashFlowKind.Collateral)
            : s.Equals("cost", StringComparison.OrdinalIgnoreCase) ? (true, CashFlowKind.Cost)
            : (false, CashFlowKind.Repayment);
        return ok;
    }

    private static int Digits(ReadOnlySpan<byte> text)
    {
        int v = 0;
        foreach (byte b in text)
        {
            uint digit = (uint)(b - '0');
            if (digit > 9)
            {
                return -1;
            }

            v = (v * 10) + (int)digit;
        }

        return v;
    }

    private static bool[] BuildSpaces()
    {
        var spaces = new bool[128];
        for (int c = 0; c < 128; c++)
        {
            spaces[c] = char.IsWhiteSpace((char)c);
        }

        return spaces;
    }
}
