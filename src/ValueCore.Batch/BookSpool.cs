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
    private readonly string _folder;

    private BookSpool(string folder, string path)
    {
        _folder = folder;
        Path = path;
    }

    /// <summary>The spooled file (read with the book readers, numbered by data row).</summary>
    public string Path { get; }

    /// <summary>Streams the reader's rows into a new spool under <paramref name="temporaryFolder"/>.</summary>
    /// <param name="reader">The open reader, before its first row.</param>
    /// <param name="temporaryFolder">Where to make the spool's folder.</param>
    /// <returns>The spool.</returns>
    public static BookSpool Write(DbDataReader reader, string temporaryFolder)
    {
        ArgumentNullException.ThrowIfNull(reader);
        string folder = System.IO.Path.Combine(temporaryFolder, "valuecore-db-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        string path = System.IO.Path.Combine(folder, "book" + BookSource.SpoolExtension);
        try
        {
            using var rows = BookSource.FromDataReader(reader);
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            rows.CopyTo(file, 1 << 20);
            return new BookSpool(folder, path);
        }
        catch
        {
            Directory.Delete(folder, recursive: true);
            throw;
        }
    }

    /// <summary>Deletes the spool.</summary>
    public void Dispose()
    {
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
