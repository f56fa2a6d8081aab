using System.IO.Compression;
using System.Text.Json;

namespace ValueCore.Batch.Sinks;

/// <summary>A result table a job wrote as CSV into its output folder: the file's name there (<c>loans.csv</c>,
/// <c>baseline/by_segment.csv</c>), its database table's name without the prefix (<c>loans</c>, <c>by_segment</c>;
/// null for a table that stays out of the database), and the columns that are text whatever they hold.</summary>
internal sealed record ResultTable(string FileName, string? TableName, IReadOnlySet<string> TextColumns);

/// <summary>
/// The table sinks' one seam: a job writes its per-loan and group tables as CSV into its <see cref="OutputDirectory"/>
/// (as it always did), then, before its manifest, calls <see cref="Finish"/>, which turns each CSV into the folder's
/// format (the CSV replaced by <c>.parquet</c>, <c>.csv.gz</c> or <c>.csv.zst</c>) and copies it into the database. The
/// typed sinks read the CSV the job wrote, so they carry exactly its cells (docs/conventions.md, "Output formats").
/// </summary>
internal static class ResultTables
{
    /// <summary>The file name a CSV table gets in a format (<c>loans.csv</c> -> <c>loans.parquet</c>).</summary>
    public static string FileName(string csvName, TableFormat format) => format switch
    {
        TableFormat.CsvGzip => csvName + ".gz",
        TableFormat.CsvZstd => csvName + ".zst",
        TableFormat.Parquet => csvName[..^".csv".Length] + ".parquet",
        _ => csvName,
    };

    /// <summary>The format's name in manifests and messages.</summary>
    public static string FormatName(TableFormat format) => format switch
    {
        TableFormat.CsvGzip => "csv.gz",
        TableFormat.CsvZstd => "csv.zst",
        TableFormat.Parquet => "parquet",
        _ => "csv",
    };

    /// <summary>Opens the run's database sink (connects, begins the transaction, checks the tables are new), or null
    /// without a database. Called before the output folder is opened, so a connection failure touches nothing.</summary>
    public static DatabaseTableSink? OpenDatabase(TableSinkOptions options, IEnumerable<string> tableNames)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DatabaseConnection is null)
        {
            return null;
        }

        string prefix = options.TablePrefix ?? throw new ArgumentException("a database sink needs a table prefix.", nameof(options));
        var names = tableNames.ToList();
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new DatabaseSinkException($"two of the run's tables would both be the table {prefix}_{twice.Key}; give the scenarios (or groupings) names that differ in more than '-' and '.'.");
        }

        return DatabaseTableSink.Open(options.DatabaseConnection, prefix, names);
    }

    /// <summary>The database table (without the prefix) of a CSV table in the output folder or a subfolder: its path
    /// without <c>.csv</c>, folders joined by <c>_</c>, every character other than a letter, digit or <c>_</c> as <c>_</c>
    /// (<c>baseline/loans.csv</c> -> <c>baseline_loans</c>, <c>rates-up/provision/by_stage.csv</c> ->
    /// <c>rates_up_provision_by_stage</c>).</summary>
    public static string TableNameOf(string csvPath)
    {
        ArgumentNullException.ThrowIfNull(csvPath);
        string stem = csvPath.EndsWith(".csv", StringComparison.Ordinal) ? csvPath[..^".csv".Length] : csvPath;
        return string.Create(stem.Length, stem, (span, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(s[i]) ? s[i] : '_';
            }
        });
    }

    /// <summary>Turns the run's CSV tables (written and closed, not yet committed) into the folder's format and writes
    /// them to the database; commits the database transaction after the last table.</summary>
    /// <returns>The file names now in the folder, in the order of <paramref name="tables"/>.</returns>
    public static IReadOnlyList<string> Finish(OutputDirectory output, TableSinkOptions options, DatabaseTableSink? database, IReadOnlyList<ResultTable> tables)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tables);
        var names = new List<string>(tables.Count);
        foreach (var t in tables)
        {
            string csv = output.PendingPath(t.FileName);
            CsvTable? typed = null;
            if (database is not null && t.TableName is not null)
            {
                typed = CsvTable.Infer(csv, t.TextColumns);
                database.Write(t.TableName, typed);
            }

            string name = FileName(t.FileName, options.Format);
            if (options.Format != TableFormat.Csv)
            {
                using (var stream = output.Create(name, 1 << 20))
                {
                    if (options.Format == TableFormat.Parquet)
                    {
                        ParquetTableWriter.Write(typed ?? CsvTable.Infer(csv, t.TextColumns), stream);
                    }
                    else
                    {
                        Compress(csv, stream, options.Format);
                    }
                }

                output.Discard(t.FileName);
            }

            names.Add(name);
        }

        database?.Commit();
        return names;
    }

    /// <summary>Writes the manifest's <c>format</c> (when not CSV, so a CSV run's manifest is as it always was) and, with
    /// a database, <c>database</c> (host, port, database, user, each table with its rows; never the password).</summary>
    public static void WriteManifest(Utf8JsonWriter json, TableSinkOptions options, DatabaseTableSink? database)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Format != TableFormat.Csv)
        {
            json.WriteString("format", FormatName(options.Format));
        }

        if (database is null)
        {
            return;
        }

        json.WriteStartObject("database");
        json.WriteString("host", database.Host);
        json.WriteNumber("port", database.Port);
        json.WriteString("database", database.Database);
        json.WriteString("user", database.Username);
        json.WriteStartArray("tables");
        foreach (var (table, rows) in database.Written)
        {
            json.WriteStartObject();
            json.WriteString("name", table);
            json.WriteNumber("rows", rows);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Compress(string csv, Stream output, TableFormat format)
    {
        using var input = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        if (format == TableFormat.CsvGzip)
        {
            // .NET writes no file name and a zero modification time: the same CSV gives the same bytes.
            using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
            input.CopyTo(gzip);
        }
        else
        {
            using var zstd = new ZstdSharp.CompressionStream(output, level: 3, leaveOpen: true);
            input.CopyTo(zstd);
        }
    }
}
