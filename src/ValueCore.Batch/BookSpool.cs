using System.Data.Common;
using ValueCore.IO.Sources;

namespace ValueCore.Batch;

/// <summary>
/// The rows of a database query, streamed from its data reader into a temporary file of CSV records that every job
/// then reads like a book file (docs/loan-book.md, "Book sources"). The rows pass through a small buffer, never all
/// in memory; a job that reads the book twice (the header first, or a second pass for repeated loan_ids) reads the
/// same rows both times, which a query run twice would not promise. Dispose to delete the file.
/// </summary>
public sealed class BookSpool : IDisposable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, BookSpool> s_open = new(StringComparer.Ordinal);
    private readonly string _folder;

    private BookSpool(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    /// <summary>The spooled file (read with the book readers, numbered by data row).</summary>
    public string Path { get; }

    /// <summary>Where the rows came from (provider, host, database, query or table; never a password); null when not told.</summary>
    public DatabaseOrigin? Origin { get; private init; }

    /// <summary>The rows the query returned.</summary>
    public long Rows { get; private init; }

    /// <summary>The SHA-256 of the rows rendered as CSV (the spool's bytes; header = the result's column names), lower-case hex:
    /// a database query has no file to hash, so manifests name this hash <c>rows_sha256</c>.</summary>
    public string RowsSha256 { get; private init; } = "";

    /// <summary>The open spool whose <see cref="Path"/> is <paramref name="path"/>, or null (a file, not a query's rows).</summary>
    /// <param name="path">A book path.</param>
    /// <returns>The spool, or null.</returns>
    public static BookSpool? Find(string path) => path is not null && s_open.TryGetValue(path, out var spool) ? spool : null;

    /// <summary>Streams the reader's rows into a new spool under <paramref name="temporaryFolder"/>.</summary>
    /// <param name="reader">The open reader, before its first row.</param>
    /// <param name="temporaryFolder">Where to make the spool's folder.</param>
    /// <param name="origin">Where the rows come from, for manifests; null: not recorded.</param>
    /// <returns>The spool.</returns>
    public static BookSpool Write(DbDataReader reader, string temporaryFolder, DatabaseOrigin? origin = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string folder = System.IO.Path.Combine(temporaryFolder, "valuecore-db-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, "book" + BookSource.SpoolExtension);
        try
        {
            using var rows = BookSource.FromDataReader(reader);
            using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                var block = new byte[1 << 20];
                for (int n; (n = rows.Read(block)) > 0;)
                {
                    hash.AppendData(block, 0, n);
                    file.Write(block, 0, n);
                }
            }

            var spool = new BookSpool(folder, path)
            {
                Origin = origin, Rows = ((ValueCore.IO.Sources.DataReaderCsvStream)rows).Rows, RowsSha256 = Convert.ToHexStringLower(hash.GetHashAndReset()),
            };
            s_open[path] = spool;
            return spool;
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>
    /// The issues of data rows, each given its row's key (<see cref="DataIssue.RowKey"/>, e.g. <c>loan_id L000017</c>)
    /// read back from the spool in one pass, so that a rejected row of a query is named by its ordinal and its loan_id;
    /// the header's issues and the whole source's stay as they are. The list itself when no issue names a row or the
    /// spool has no such column.
    /// </summary>
    /// <param name="issues">Issues of this spool's rows.</param>
    /// <param name="options">The book's read options (their column map names the loan_id column).</param>
    /// <returns>The issues with the rows' keys.</returns>
    public IReadOnlyList<DataIssue> NameRows(IReadOnlyList<DataIssue> issues, ValueCore.IO.LoanBookCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(options);
        var rows = issues.Where(i => i.Line > 0 && !i.InHeader).Select(i => i.Line).ToHashSet();
        if (rows.Count == 0)
        {
            return issues;
        }

        string column = options.ColumnMap.TryGetValue(ValueCore.Portfolio.LoanColumns.LoanId, out var mapped) ? mapped : ValueCore.Portfolio.LoanColumns.LoanId;
        var keys = new Dictionary<long, string>();
        using (var reader = ValueCore.IO.CsvTableReader.Open(Path, options))
        {
            int field = reader.Column(column);
            if (field < 0)
            {
                return issues;
            }

            while (keys.Count < rows.Count && reader.Next())
            {
                if (rows.Contains(reader.Line))
                {
                    keys[reader.Line] = column + " " + (reader.Text(field) is { Length: > 0 } id ? DataIssue.Shorten(id) : "(empty)");
                }
            }
        }

        return [.. issues.Select(i => !i.InHeader && keys.TryGetValue(i.Line, out var key) ? i with { RowKey = key } : i)];
    }

    /// <summary>Deletes the spool.</summary>
    public void Dispose()
    {
        s_open.TryRemove(Path, out _);
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or still open on a platform that locks open files: the temporary folder's cleaner takes it.
        }
    }
}

/// <summary>Where a database book's rows came from, as manifests record it: never the password (nor any other part of
/// the connection string but the host and the database).</summary>
/// <param name="Provider">The provider's name (<c>postgres</c>).</param>
/// <param name="Host">The server's host.</param>
/// <param name="Database">The database.</param>
/// <param name="Query">The query text; null when a table was named.</param>
/// <param name="Table">The table read whole; null for a query.</param>
public sealed record DatabaseOrigin(string Provider, string Host, string Database, string? Query, string? Table);
