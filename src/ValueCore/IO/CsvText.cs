using System.Buffers;
using System.Globalization;
using System.Text;
using ValueCore.IO.Csv;

namespace ValueCore.IO;

/// <summary>Culture-invariant text conventions of every CSV file ValueCore reads or writes.</summary>
/// <remarks>Numbers are written round-trip exact (the shortest text that parses back to the same double), never with
/// display rounding; text fields are quoted per RFC 4180 only when they hold a comma, quote, CR or LF, and get a leading
/// apostrophe when they would start a spreadsheet formula (unless <see cref="RawText"/>).</remarks>
public static class CsvText
{
    /// <summary>The shortest round-trip text of a finite number; NaN (a "not defined" figure) gives an empty cell.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text, culture-invariant.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite.</exception>
    /// <remarks>
    /// The text is that of <c>value.ToString("R", CultureInfo.InvariantCulture)</c>, written by the batch paths'
    /// formatter (about 3x faster); it differs only for 2^-25 and 2^-958, where .NET 10's "R" does not round-trip and
    /// this writes the correct shortest digits.
    /// </remarks>
    public static string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return "";
        }

        Span<byte> text = stackalloc byte[Internal.Utf8DoubleFormatter.MaxLength];
        return Encoding.ASCII.GetString(text[..Format(value, text)]);
    }

    /// <summary>Appends <see cref="Number"/>'s text of a value to a builder without making a string of it.</summary>
    internal static StringBuilder AppendNumber(StringBuilder builder, double value)
    {
        if (double.IsNaN(value))
        {
            return builder;
        }

        Span<byte> text = stackalloc byte[Internal.Utf8DoubleFormatter.MaxLength];
        int length = Format(value, text);
        Span<char> chars = stackalloc char[Internal.Utf8DoubleFormatter.MaxLength];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)text[i];
        }

        return builder.Append(chars[..length]);
    }

    private static int Format(double value, Span<byte> text)
    {
        if (double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Infinite values are never written.");
        }

        return Internal.Utf8DoubleFormatter.Format(value, text);
    }

    private static readonly AsyncLocal<bool> s_rawText = new();

    /// <summary>
    /// Whether text fields are written exactly as given (true) or with the formula-injection apostrophe (false, the
    /// default); it holds for the current execution flow (the threads and tasks it starts included), so one run's
    /// setting never leaks into another's.
    /// </summary>
    /// <remarks>The CLI sets it for the duration of a command given <c>--raw-text</c>; every writer reads it through
    /// <see cref="Field(string)"/>, and the raroc batch once per run.</remarks>
    public static bool RawText
    {
        get => s_rawText.Value;
        set => s_rawText.Value = value;
    }

    /// <summary>A text field, quoted when RFC 4180 requires it and, unless <see cref="RawText"/>, made inert for spreadsheets.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The field as it goes into the file.</returns>
    /// <remarks>See <see cref="Field(string, bool)"/>.</remarks>
    public static string Field(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Field(value, rawText: !StartsLikeFormula(value) || RawText); // the flag is read only for a formula-like cell
    }

    /// <summary>A text field, quoted when RFC 4180 requires it, with a leading apostrophe when it could start a spreadsheet formula.</summary>
    /// <param name="value">The text.</param>
    /// <param name="rawText">True to write the text as it is (for machine consumers); false to prefix an apostrophe
    /// where <see cref="StartsLikeFormula(ReadOnlySpan{char})"/> says so.</param>
    /// <returns>The field as it goes into the file: quoted (quotes doubled) when it holds a comma, quote, CR or LF.</returns>
    /// <remarks>OWASP, "CSV Injection": a cell that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or
    /// carriage return is read by spreadsheet programs as a formula; a leading <c>'</c> makes it text. A field that is
    /// a number (<see cref="TryParseNumber"/>, e.g. <c>-1.5</c>) is never touched.</remarks>
    public static string Field(string value, bool rawText)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!rawText && StartsLikeFormula(value))
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Whether a text cell would be read as a formula by a spreadsheet program (OWASP CSV injection).</summary>
    /// <param name="value">The cell's text (unquoted).</param>
    /// <returns>True when its first character is <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return and the
    /// text is not a number.</returns>
    public static bool StartsLikeFormula(ReadOnlySpan<char> value) =>
        !value.IsEmpty && IsFormulaStart(value[0]) && !((value[0] == '-' || value[0] == '+') && TryParseNumber(value, out _));

    /// <summary><see cref="StartsLikeFormula(ReadOnlySpan{char})"/> for a UTF-8 cell.</summary>
    internal static bool StartsLikeFormula(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && IsFormulaStart((char)value[0]) && !((value[0] == (byte)'-' || value[0] == (byte)'+') && NumberText.TryParse(value, out _));

    private static readonly SearchValues<byte> s_quoteBytes = SearchValues.Create(",\"\r\n"u8);

    /// <summary>Room a UTF-8 field of <paramref name="length"/> bytes may need once written by <see cref="WriteField"/>.</summary>
    internal static int FieldRoom(int length) => (2 * length) + 3;

    /// <summary>
    /// Appends a UTF-8 text field exactly as <see cref="Field(string)"/> writes it: the one field writer of every UTF-8
    /// batch path (loans.csv of raroc and the provision jobs, book_ftp.csv). <paramref name="d"/> needs
    /// <see cref="FieldRoom"/> bytes from <paramref name="pos"/>.
    /// </summary>
    /// <returns>The position after the field.</returns>
    internal static int WriteField(Span<byte> d, int pos, ReadOnlySpan<byte> value)
    {
        bool apostrophe = !value.IsEmpty && IsFormulaStart((char)value[0]) && StartsLikeFormula(value) && !RawText;
        if (value.IndexOfAny(s_quoteBytes) < 0)
        {
            if (apostrophe)
            {
                d[pos++] = (byte)'\'';
            }

            value.CopyTo(d[pos..]);
            return pos + value.Length;
        }

        d[pos++] = (byte)'"';
        if (apostrophe)
        {
            d[pos++] = (byte)'\'';
        }

        foreach (byte b in value)
        {
            if (b == (byte)'"')
            {
                d[pos++] = b;
            }

            d[pos++] = b;
        }

        d[pos++] = (byte)'"';
        return pos;
    }

    /// <summary>
    /// Appends a field given as it stood in a CSV file (quoted or not) as <see cref="WriteField"/> writes its value:
    /// for the batch paths that copy fields, once a field needs more than a copy (a formula start, a bare CR).
    /// </summary>
    internal static int WriteRawField(Span<byte> d, int pos, ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 2 || raw[0] != (byte)'"')
        {
            return WriteField(d, pos, raw);
        }

        // Unquote (a doubled quote stands for one), then write the value.
        var inner = raw[1..^1];
        Span<byte> value = inner.Length <= 256 ? stackalloc byte[inner.Length] : new byte[inner.Length];
        int n = 0;
        for (int i = 0; i < inner.Length; i++)
        {
            value[n++] = inner[i];
            if (inner[i] == (byte)'"' && i + 1 < inner.Length && inner[i + 1] == (byte)'"')
            {
                i++;
            }
        }

        return WriteField(d, pos, value[..n]);
    }

    /// <summary>Whether a field copied as it stands (<paramref name="value"/> unescaped) must be rewritten by
    /// <see cref="WriteRawField"/>: it starts like a formula (unless <paramref name="rawText"/>), or holds a CR while the
    /// copy is unquoted.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static bool NeedsRewrite(ReadOnlySpan<byte> value, bool rawText, bool mayHoldCr) =>
        !value.IsEmpty && ((!rawText && IsFormulaStart((char)value[0]) && StartsLikeFormula(value)) || (mayHoldCr && value.Contains((byte)'\r')));

    /// <summary>A field's bytes for a message: the text, with every byte that is not part of valid UTF-8 shown as
    /// <c>\xNN</c> (so <c>seg\xff</c> and <c>seg\xfe</c> stay apart), shortened like every value (<see cref="DataIssue.Shorten"/>).</summary>
    internal static string Describe(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(Math.Min(bytes.Length, 4 * DataIssue.MaxValueChars));
        while (!bytes.IsEmpty && text.Length <= 4 * DataIssue.MaxValueChars)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes, out var rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                text.Append(rune.ToString());
            }
            else
            {
                for (int i = 0; i < consumed; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"\\x{bytes[i]:x2}");
                }
            }

            bytes = bytes[consumed..];
        }

        return DataIssue.Shorten(text.ToString());
    }

    /// <summary>Whether a character opens a formula in a spreadsheet cell.</summary>
    internal static bool IsFormulaStart(char first) => first is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>Parses a number the way every ValueCore reader does: invariant culture, '.' decimal separator, optional exponent, nothing else.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The finite value, when valid.</param>
    /// <returns>Whether the text is a finite number (NaN, Infinity, "1,5", thousands separators and blanks are rejected).</returns>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out double value)
    {
        value = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    /// <summary>Writes one CSV line (fields joined by commas, LF ended).</summary>
    /// <param name="writer">The destination.</param>
    /// <param name="fields">The already formatted fields (use <see cref="Field(string)"/> and <see cref="Number"/>).</param>
    public static void WriteLine(TextWriter writer, params ReadOnlySpan<string> fields)
    {
        ArgumentNullException.ThrowIfNull(writer);
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(fields[i]);
        }

        writer.Write('\n');
    }

    /// <summary>UTF-8 without byte-order mark: the encoding of every file written.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
}
