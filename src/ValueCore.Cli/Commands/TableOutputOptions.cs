using ValueCore.Batch.Sinks;

namespace ValueCore.Cli.Commands;

/// <summary>
/// The table output options, defined once: <c>--format</c> (the per-loan and group files as csv, csv.gz, csv.zst or
/// parquet) and <c>--out-db</c> with <c>--out-table</c> (the same tables into PostgreSQL, one transaction per run);
/// docs/conventions.md, "Output formats (CSV, Parquet, database tables)".
/// </summary>
internal static class TableOutputOptions
{
    /// <summary>The options, for the commands that write per-loan and group tables.</summary>
    public static IReadOnlyList<OptionSpec> Specs() =>
    [
        new("format", "csv|csv.gz|csv.zst|parquet", "Format of the per-loan and group files (default csv): gzip or zstd-compressed CSV, or Parquet (typed columns, empty cells as nulls)."),
        new("out-db", "CONNECTION", "Also write the per-loan and group tables to PostgreSQL (Host=...;Port=...;Username=...;Password=...;Database=..., or env:NAME to read it from a variable), in one transaction: all tables or none."),
        new("out-table", "PREFIX", "Table prefix with --out-db: PREFIX_loans, PREFIX_by_<columns> (lower-case letters, digits, _; the tables must not exist)."),
    ];

    /// <summary>The sinks from the parsed options.</summary>
    /// <exception cref="UsageException">A format not known, --out-db without --out-table or the reverse, a prefix not allowed, an empty or missing variable.</exception>
    public static TableSinkOptions Read(CliArgs args)
    {
        var format = args.Get("format") switch
        {
            null or "csv" => TableFormat.Csv,
            "csv.gz" => TableFormat.CsvGzip,
            "csv.zst" => TableFormat.CsvZstd,
            "parquet" => TableFormat.Parquet,
            var other => throw new UsageException($"--format = {other} must be csv, csv.gz, csv.zst or parquet"),
        };
        string? connection = args.Get("out-db");
        string? prefix = args.Get("out-table");
        if ((connection is null) != (prefix is null))
        {
            throw new UsageException(connection is null ? "--out-table needs --out-db (the database connection)" : "--out-db needs --out-table (the tables' prefix)");
        }

        if (prefix is not null && !DatabaseTableSink.IsValidPrefix(prefix))
        {
            throw new UsageException($"--out-table = {prefix} must be lower-case letters, digits and underscores, starting with a letter or underscore");
        }

        if (connection is not null && connection.StartsWith("env:", StringComparison.Ordinal))
        {
            string variable = connection[4..];
            connection = Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
                ? value
                : throw new UsageException($"--out-db env:{variable}: the environment variable {variable} is not set or empty");
        }

        if (connection is not null)
        {
            try
            {
                DatabaseTableSink.Settings(connection);
            }
            catch (DatabaseSinkException e)
            {
                throw new UsageException("--out-db: " + e.Message);
            }
        }

        return new TableSinkOptions { Format = format, DatabaseConnection = connection, TablePrefix = prefix };
    }
}
