namespace ValueCore.IO;

/// <summary>
/// A CSV file looks as if it used another field separator or decimal separator than the one it is read with (its
/// header is one column holding <c>;</c>, or its numbers are written <c>0,45</c>). Raised once, instead of an issue on
/// every row; the caller may read the file again with <see cref="SuggestedDelimiter"/> and
/// <see cref="SuggestedDecimalSeparator"/> (<see cref="LoanBookCsvOptions.Delimiter"/>, <see cref="LoanBookCsvOptions.DecimalSeparator"/>).
/// </summary>
public sealed class CsvFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="source">The source label (file name) used in messages.</param>
    /// <param name="line">The 1-based physical line where the sign was seen (1 for the header).</param>
    /// <param name="finding">What was seen and what it suggests, e.g. "the header has one column and contains ';': the file looks semicolon-separated".</param>
    /// <param name="suggestedDelimiter">The field separator the file seems to use; null when the separator looks right.</param>
    /// <param name="suggestedDecimalSeparator">The decimal separator the file seems to use; null when it looks right.</param>
    public CsvFormatException(string source, long line, string finding, char? suggestedDelimiter, char? suggestedDecimalSeparator)
        : base(FormattableString.Invariant($"{source}:{line}: {finding}"))
    {
        Source = source;
        Line = line;
        Finding = finding;
        SuggestedDelimiter = suggestedDelimiter;
        SuggestedDecimalSeparator = suggestedDecimalSeparator;
    }

    /// <summary>The source label (file name).</summary>
    public new string Source { get; }

    /// <summary>The 1-based physical line where the sign was seen.</summary>
    public long Line { get; }

    /// <summary>What was seen and what it suggests, without the source and line.</summary>
    public string Finding { get; }

    /// <summary>The field separator the file seems to use; null when the separator looks right.</summary>
    public char? SuggestedDelimiter { get; }

    /// <summary>The decimal separator the file seems to use; null when it looks right.</summary>
    public char? SuggestedDecimalSeparator { get; }
}
