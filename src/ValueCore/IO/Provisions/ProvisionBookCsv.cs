using ValueCore.IO.Csv;
using ValueCore.Portfolio;

namespace ValueCore.IO.Provisions;

/// <summary>Reads a loan book for provisioning: the <see cref="LoanBookCsv"/> book plus each loan's physical line, so that
/// checks on the provisioning columns (eir, amortisation, remaining_term, ...) can name the line.</summary>
public static class ProvisionBookCsv
{
    /// <summary>Reads and validates a whole loan book, carrying the extra columns that the file has among <paramref name="wanted"/>.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="wanted">Extra columns to carry as text when present in the header (absent ones are skipped).</param>
    /// <param name="lines">The physical 1-based line of each loan (header = 1), in book order.</param>
    /// <returns>The book, rows in file order.</returns>
    /// <exception cref="DataValidationException">The file is empty or a row breaks a loan-book rule (all are listed).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LoanBook Read(string path, IReadOnlyList<string> wanted, out long[] lines) => Read(path, wanted, LoanBookCsvOptions.Default, out lines);

    /// <summary>Reads a provisioning book in a given CSV format (delimiter, decimal separator, column map), carrying the
    /// <paramref name="wanted"/> columns that the header has (matched ignoring case).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="wanted">The extra columns to carry when present.</param>
    /// <param name="options">The format and column map; its <see cref="LoanBookCsvOptions.Attributes"/> are replaced by the wanted columns present.</param>
    /// <param name="lines">Each loan's physical line.</param>
    /// <returns>The book, rows in file order.</returns>
    /// <exception cref="DataValidationException">The file is empty or a row breaks a loan-book rule (all are listed).</exception>
    /// <exception cref="CsvFormatException">The file looks as if it used another field or decimal separator.</exception>
    /// <exception cref="ArgumentException">The delimiter and the decimal separator are not a usable pair.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static LoanBook Read(string path, IReadOnlyList<string> wanted, LoanBookCsvOptions options, out long[] lines)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(options);
        var present = HeaderMap.Create(LoanBookCsv.ReadHeader(path, options), new List<DataIssue>());
        var list = new List<long>();
        var book = LoanBookCsv.Read(path, options with { Attributes = [.. wanted.Where(w => present.IndexOfHeader(w) >= 0)] }, list);
        lines = [.. list];
        return book;
    }

    /// <summary>The distinct segments of a loan book, in ordinal order, read in one streamed pass (to resolve per-segment
    /// models before the book is measured). Rows with the header's number of fields count; other rules are not checked here.</summary>
    /// <param name="path">The CSV file.</param>
    /// <returns>The segments.</returns>
    /// <exception cref="DataValidationException">The file is empty or its header has no segment column.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static IReadOnlyList<string> Segments(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string source = Path.GetFileName(path);
        using var stream = Sources.BookSource.OpenRead(path, 1);
        var chunker = new CsvChunker(stream, CsvChunker.RecordsPerChunk);
        var splitter = new CsvRecordSplitter();
        var interner = new TextInterner();
        var found = new HashSet<string>(StringComparer.Ordinal);
        int column = -1, fields = 0;
        for (var chunk = chunker.Next(); chunk is not null; chunk = chunker.Next())
        {
            for (int r = 0; r < chunk.Count; r++)
            {
                int start = r == 0 ? 0 : chunk.RecordEnds[r - 1];
                splitter.Split(chunk.Data, start, chunk.Record(r).Length);
                if (chunk.Index == 0 && r == 0)
                {
                    var header = HeaderMap.Decode(splitter);
                    column = HeaderMap.Create(header, new List<DataIssue>()).IndexOf(LoanColumns.Segment);
                    fields = header.Length;
                    if (column < 0)
                    {
                        throw new DataValidationException(source, [DataIssue.Header("", "", $"required column '{LoanColumns.Segment}' is missing")], 1);
                    }
                }
                else if (splitter.Error is null && splitter.Count == fields && chunk.Record(r).Length > 0)
                {
                    found.Add(interner.Get(splitter.Value(column)));
                }
            }

            chunk.ReturnData();
        }

        if (column < 0)
        {
            throw new DataValidationException(source, [new DataIssue(0, "", "", "the file is empty")], 1);
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }
}
