using System.Text.Json;
using ValueCore.IO.Sources;

namespace ValueCore.Batch;

/// <summary>
/// The manifests' one record of an input's hash (docs/conventions.md, "Sources and sinks for every command"): a file's
/// SHA-256 (a Parquet folder's over its parts' names and bytes in name order, a compressed CSV's over the file as
/// stored); for a database query, which has no file, <c>sha256</c> is null, <c>sha256_null</c> says why,
/// <c>rows_sha256</c> is the SHA-256 of the rows rendered as CSV, and <c>db_source</c> records the provider, host,
/// database, the query text (or the table) and the rows (never the password).
/// </summary>
internal static class InputRecord
{
    /// <summary>Why a database source's <c>sha256</c> is null.</summary>
    public const string NoFile = "the rows come from a database query, not a file; rows_sha256 is the SHA-256 of the rows rendered as CSV";

    /// <summary>The input's name in a manifest: its file name, or for a database query <c>provider:host/database</c>.</summary>
    public static string FileOf(string path) =>
        BookSpool.Find(path)?.Origin is { } o ? $"{o.Provider}:{o.Host}/{o.Database}" : Path.GetFileName(Path.TrimEndingDirectorySeparator(path));

    /// <summary>Writes the hash properties of <paramref name="path"/> into the open JSON object.</summary>
    /// <param name="json">The writer, inside the input's object.</param>
    /// <param name="path">The input's path (a file, a Parquet folder, or a database query's spool).</param>
    /// <param name="readSha256">The SHA-256 of the bytes a job read while streaming a plain CSV (saves a second read); null: hashed here.</param>
    /// <param name="name">The hash property's name (<c>sha256</c>, <c>book_sha256</c>).</param>
    public static void WriteSha256(Utf8JsonWriter json, string path, string? readSha256 = null, string name = "sha256")
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(path);
        if (BookSpool.Find(path) is not { } spool)
        {
            // A streamed hash is of the bytes read: the file's own only for a plain CSV (a Parquet or compressed file renders other bytes).
            bool plain = !BookSource.IsParquet(path) && !path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".zst", StringComparison.OrdinalIgnoreCase);
            json.WriteString(name, plain && readSha256 is not null ? readSha256 : OutputDirectory.Sha256(path));
            return;
        }

        json.WriteNull(name);
        json.WriteString(name + "_null", NoFile);
        json.WriteString("rows_sha256", spool.RowsSha256);
        json.WriteStartObject("db_source");
        if (spool.Origin is { } o)
        {
            json.WriteString("provider", o.Provider);
            json.WriteString("host", o.Host);
            json.WriteString("database", o.Database);
            if (o.Query is not null)
            {
                json.WriteString("query", o.Query);
            }

            if (o.Table is not null)
            {
                json.WriteString("table", o.Table);
            }
        }

        json.WriteNumber("rows", spool.Rows);
        json.WriteEndObject();
    }
}
