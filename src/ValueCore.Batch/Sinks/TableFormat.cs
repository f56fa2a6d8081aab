namespace ValueCore.Batch.Sinks;

/// <summary>The file format of a job's per-loan and group tables (docs/conventions.md, "Output formats").</summary>
public enum TableFormat
{
    /// <summary>CSV (<c>loans.csv</c>), the default.</summary>
    Csv,

    /// <summary>Gzip-compressed CSV (<c>loans.csv.gz</c>, RFC 1952): the CSV's bytes, compressed.</summary>
    CsvGzip,

    /// <summary>Zstandard-compressed CSV (<c>loans.csv.zst</c>, RFC 8878): the CSV's bytes, compressed.</summary>
    CsvZstd,

    /// <summary>Apache Parquet (<c>loans.parquet</c>): the CSV's columns and rows, typed, empty cells as nulls.</summary>
    Parquet,
}
