using System.Data.Common;
using System.IO.Compression;

namespace ValueCore.IO.Sources;

/// <summary>
/// The one way into a tabular input that is not necessarily a CSV file: every reader of the library takes the CSV bytes
/// this seam yields, so a loan book (or a cash-flow or history file) may be a CSV (<c>.csv</c>), a compressed CSV
/// (<c>.csv.gz</c>, <c>.csv.zst</c>), a Parquet file (<c>.parquet</c>) or a folder of Parquet parts, or the rows of
/// a database query, with the same column rules, maps and messages (docs/loan-book.md, "Book sources").
/// </summary>
/// <remarks>
/// A typed source is rendered as CSV records: doubles as their shortest round-trip text (read back to the same bits),
/// decimals as their exact text, dates as yyyy-MM-dd, nulls as empty cells; so a book gives the same results whatever
/// its source. A typed source's records are numbered by data row (1-based, across a folder's parts in name order),
/// not by physical line: label it with <see cref="RowLabel"/> so that messages say "row".
/// </remarks>
public static class BookSource
{
    /// <summary>Whether <paramref name="path"/> names a source read as typed rows (a <c>.parquet</c> file or a folder of parts).</summary>
    /// <param name="path">The path.</param>
    /// <returns>True for Parquet.</returns>
    public static bool IsParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) || Directory.Exists(path);
    }

    /// <summary>The label of a row-numbered source for messages: <c>loans.parquet row</c>, so that an issue reads
    /// <c>loans.parquet row 7: pd = 1.5 is outside (0, 1]</c> (<see cref="DataIssue.Format"/>).</summary>
    /// <param name="name">The source's name (a file or folder name, a database and table).</param>
    /// <returns>The label.</returns>
    public static string RowLabel(string name) => name + RowSuffix;

    /// <summary>The label for <paramref name="path"/>: its file name, as a <see cref="RowLabel"/> for Parquet.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The label.</returns>
    public static string Label(string path)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        return IsParquet(path) ? RowLabel(name) : name;
    }

    internal const string RowSuffix = " row";

    /// <summary>The extension of a file of CSV records rendered from database rows (the batch's spool of a query's
    /// result): read like a CSV, numbered by data row.</summary>
    internal const string SpoolExtension = ".valuecore-rows";

    /// <summary>Opens a source by its path as a stream of CSV bytes: <c>.csv.gz</c> (gzip), <c>.csv.zst</c> (Zstandard),
    /// <c>.parquet</c> or a folder of <c>*.parquet</c> parts (rendered, in name order); any other path is read as CSV.</summary>
    /// <param name="path">The file or folder.</param>
    /// <returns>A read-only stream of CSV bytes; dispose it.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DataValidationException">A Parquet source that cannot be read, has nested columns, or parts whose columns differ.</exception>
    public static Stream OpenRead(string path) => OpenRead(path, 1 << 16);

    /// <summary>The rows of an open data reader as a stream of CSV bytes (header = the result's column names), read
    /// from the reader as the stream is read: nothing is held but a block of rows.</summary>
    /// <param name="reader">The reader, positioned before its first row; the caller keeps it (and its connection) open until the stream is read.</param>
    /// <returns>A read-only stream of CSV bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
    public static Stream FromDataReader(DbDataReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return new DataReaderCsvStream(reader);
    }

    /// <summary>Opens a source with the given file buffer size for a plain CSV (the readers' own sizes).</summary>
    internal static Stream OpenRead(string path, int bufferSize) => OpenRead(path, bufferSize, typed: null);

    /// <summary>Opens a source; a Parquet source hands the <paramref name="typed"/> fields over as decoded numbers
    /// where their type allows (the column path, <see cref="ParquetCsvStream"/>) instead of rendering them.</summary>
    internal static Stream OpenRead(string path, int bufferSize, IReadOnlySet<int>? typed)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsParquet(path))
        {
            if (!Directory.Exists(path) && !File.Exists(path))
            {
                throw new FileNotFoundException($"Could not find file '{path}'.", path);
            }

            return ParquetCsvStream.Open(path, typed: typed);
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize, FileOptions.SequentialScan);
        try
        {
            if (path.EndsWith(SpoolExtension, StringComparison.Ordinal))
            {
                return new SpooledRowsStream(file);
            }

            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                return new DecompressedCsvStream(new GZipStream(file, CompressionMode.Decompress), file.Length);
            }

            if (path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase))
            {
                return new DecompressedCsvStream(new ZstdSharp.DecompressionStream(file), file.Length);
            }

            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Whether a stream opened here numbers its records by data row.</summary>
    internal static bool IsRowNumbered(Stream stream) => stream is RenderedCsvStream { RowNumbered: true };

    /// <summary>The stream's length, or an estimate for a stream that cannot tell (sizes tables; never a limit).</summary>
    internal static long LengthOf(Stream stream) => stream.CanSeek ? stream.Length : stream is RenderedCsvStream r ? r.LengthHint : 0;
}
