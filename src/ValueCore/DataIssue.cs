namespace ValueCore;

/// <summary>One problem found in input data: where it is, what was there, and which rule it breaks.</summary>
/// <param name="Line">The 1-based physical line in the source file (the header is line 1), or the 1-based record number for data built in code; 0 for a problem of the whole file.</param>
/// <param name="Column">The column (field) name; empty when the problem concerns the whole row.</param>
/// <param name="Value">The offending text or value, as read; kept as its first <see cref="MaxValueChars"/> characters and a
/// note of its length when longer (<see cref="Shorten"/>), so that no message repeats a huge field.</param>
/// <param name="Rule">The rule broken, as a sentence fragment such as "is outside (0, 1]".</param>
public readonly record struct DataIssue(long Line, string Column, string Value, string Rule)
{
    /// <summary>The most characters of a value that a message shows (docs/conventions.md, "Text in and out").</summary>
    public const int MaxValueChars = 64;

    private readonly string _column = Shorten(Column);
    private readonly string _value = Shorten(Value);

    /// <summary>The option that resolves the issue, named as the library's options property or parameter (e.g.
    /// "States" of <see cref="IO.Migration.RatingHistoryReadOptions"/>); null when no option does. The library's rule never
    /// names a command-line flag: a front end maps this name to its own vocabulary (the CLI appends the flag to use).</summary>
    public string? Setting { get; init; }

    /// <summary>The row's key as messages name it, e.g. <c>loan_id L000017</c>, for a row-numbered source (a database
    /// query's rows, where a row number alone is hard to find); null (default) when not known.</summary>
    public string? RowKey { get; init; }

    /// <summary>Whether the issue is the header's (a column missing, repeated, mapped to nothing): a row-numbered source
    /// then reports it as a problem of its columns, not of row 1 (docs/loan-book.md, "Book sources").</summary>
    internal bool InHeader { get; init; }

    /// <summary>An issue of the header (physical line 1 of a CSV file; the columns of a Parquet file or a query).</summary>
    internal static DataIssue Header(string column, string value, string rule) => new(1, column, value, rule) { InHeader = true };

    /// <summary>The column (field) name, shortened like <see cref="Value"/> (a header cell is input too).</summary>
    public string Column
    {
        get => _column ?? "";
        init => _column = Shorten(value);
    }

    /// <summary>The offending text or value, at most <see cref="MaxValueChars"/> characters and a note of the full length.</summary>
    public string Value
    {
        get => _value ?? "";
        init => _value = Shorten(value);
    }

    /// <summary>The issue as "source:line: column = value rule", or "source row N: column = value rule" for a
    /// row-numbered source (a label made by <see cref="IO.Sources.BookSource.RowLabel"/>).</summary>
    /// <param name="source">The file name (or another source label).</param>
    /// <returns>The formatted message.</returns>
    public string Format(string source) => Line <= 0
        ? FormattableString.Invariant($"{source}: {Rule}")
        : source is not null && source.EndsWith(IO.Sources.BookSource.RowSuffix, StringComparison.Ordinal)
        ? FormatRow(source)
        : Column.Length == 0
        ? FormattableString.Invariant($"{source}:{Line}: {Rule}")
        : FormattableString.Invariant($"{source}:{Line}: {Column} = {(Value.Length == 0 ? "(empty)" : Value)} {Rule}");

    // A row-numbered source (IO.Sources.BookSource.RowLabel): "loans.parquet row 7: pd = 1.5 is outside (0, 1]",
    // "postgres:host/bank row 17 (loan_id L000017): ...", and a header issue "loans.parquet columns: required column 'pd' is missing".
    private string FormatRow(string source)
    {
        string where = InHeader
            ? string.Concat(source.AsSpan(0, source.Length - IO.Sources.BookSource.RowSuffix.Length), " columns")
            : RowKey is null ? FormattableString.Invariant($"{source} {Line}") : FormattableString.Invariant($"{source} {Line} ({RowKey})");
        return Column.Length == 0
            ? $"{where}: {Rule}"
            : $"{where}: {Column} = {(Value.Length == 0 ? "(empty)" : Value)} {Rule}";
    }

    /// <summary>A value as messages show it: unchanged up to <see cref="MaxValueChars"/> characters, else its first
    /// <see cref="MaxValueChars"/> characters, "...", and its length ("abc... (1048576 characters)").</summary>
    /// <param name="value">The value (null gives an empty text).</param>
    /// <returns>The bounded text: at most <see cref="MaxValueChars"/> characters of the value and a note of about 30.</returns>
    /// <remarks>Every message that quotes input (data issues, usage errors, rules that name a value) goes through this
    /// one helper, so a field of a megabyte costs a message of a hundred characters, not a megabyte per issue. A
    /// surrogate pair is never cut in half.</remarks>
    public static string Shorten(string? value)
    {
        if (value is null)
        {
            return "";
        }

        if (value.Length <= MaxValueChars)
        {
            return value;
        }

        int keep = char.IsHighSurrogate(value[MaxValueChars - 1]) ? MaxValueChars - 1 : MaxValueChars;
        return string.Concat(value.AsSpan(0, keep), FormattableString.Invariant($"... ({value.Length} characters)"));
    }
}
