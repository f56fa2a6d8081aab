namespace ValueCore.Batch.Sinks;

/// <summary>Where a job's per-loan and group tables go besides its output folder: the folder's file format, and
/// optionally a PostgreSQL database (docs/conventions.md, "Output formats").</summary>
public sealed record TableSinkOptions
{
    /// <summary>CSV files, no database.</summary>
    public static TableSinkOptions Default { get; } = new();

    /// <summary>The format of the table files in the output folder; default <see cref="TableFormat.Csv"/>.</summary>
    public TableFormat Format { get; init; } = TableFormat.Csv;

    /// <summary>An Npgsql connection string of the PostgreSQL database that receives the tables; null (default) for none.</summary>
    public string? DatabaseConnection { get; init; }

    /// <summary>The prefix of the database tables (<c>PREFIX_loans</c>, <c>PREFIX_by_segment</c>): lower-case letters,
    /// digits and underscores, starting with a letter or underscore; required with <see cref="DatabaseConnection"/>.</summary>
    public string? TablePrefix { get; init; }
}
