namespace ValueCore.IO;

/// <summary>How a loan-book CSV is read: header names of the user's file and extra columns to carry.</summary>
public sealed record LoanBookCsvOptions
{
    /// <summary>The default options: standard header names, no extra columns.</summary>
    public static LoanBookCsvOptions Default { get; } = new();

    /// <summary>Maps a standard column name (e.g. <c>ead</c>) to the header used in the file (e.g. <c>EXPOSURE_AMT</c>); empty by default.</summary>
    public IReadOnlyDictionary<string, string> ColumnMap { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Extra text columns to carry for grouping or output (any header of the file, by its name in the file); empty by default.</summary>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>Maps coded values of a column to the values of the loan-book format, by standard column name, e.g.
    /// <c>asset_class</c>: <c>CORP</c> to <c>corporate</c>; empty by default (docs/loan-book.md, "Column and value maps").</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ValueMap { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);

    /// <summary>The field separator; default <c>,</c>.</summary>
    public char Delimiter { get; init; } = ',';

    /// <summary>The decimal separator of numbers; default <c>.</c>; <c>,</c> for decimal-comma files (the delimiter must differ).</summary>
    public char DecimalSeparator { get; init; } = '.';

    /// <summary>Whether the <c>pd</c> column is in percent (5 = 5%) rather than a fraction; default false.</summary>
    public bool PdInPercent { get; init; }

    /// <summary>The name used in messages; null (default) uses the file name.</summary>
    public string? SourceName { get; init; }
}
