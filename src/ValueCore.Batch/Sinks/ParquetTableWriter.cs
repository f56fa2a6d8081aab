using Parquet;
using Parquet.Schema;

namespace ValueCore.Batch.Sinks;

/// <summary>
/// Writes a result table as Apache Parquet (Parquet.Net, fully managed): the CSV's columns in its order, typed by
/// <see cref="CsvTable"/> (DOUBLE, DATE, STRING), every column nullable with an empty cell as null, rows in the CSV's
/// order, in row groups of <see cref="RowGroupRows"/> rows so that memory stays bounded whatever the table's size.
/// Parquet.Net writes min/max and null-count statistics for every column chunk; the codec is Snappy.
/// </summary>
internal static class ParquetTableWriter
{
    /// <summary>The rows of one row group (the last may hold fewer).</summary>
    public const int RowGroupRows = 1 << 16;

    /// <summary>Writes <paramref name="table"/> into <paramref name="output"/> (a writable, seekable stream).</summary>
    public static void Write(CsvTable table, Stream output)
    {
        int n = table.Columns.Count;
        var fields = new DataField[n];
        for (int c = 0; c < n; c++)
        {
            fields[c] = table.Kinds[c] switch
            {
                ColumnKind.Double => new DataField<double?>(table.Columns[c]),
                ColumnKind.Date => new DataField<DateOnly?>(table.Columns[c]),
                _ => new DataField<string>(table.Columns[c], nullable: true),
            };
        }

        var writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), output).GetAwaiter().GetResult();
        try
        {
            WriteRows(writer, table, fields);
        }
        finally
        {
            writer.DisposeAsync().AsTask().GetAwaiter().GetResult(); // writes the footer (schema, row groups, statistics)
        }
    }

    private static void WriteRows(ParquetWriter writer, CsvTable table, DataField[] fields)
    {
        int n = fields.Length;
        var cells = new string[n][];
        for (int c = 0; c < n; c++)
        {
            cells[c] = new string[(int)Math.Min(RowGroupRows, Math.Max(table.Rows, 1))];
        }

        int count = 0;
        foreach (var row in table.DataRows())
        {
            for (int c = 0; c < n; c++)
            {
                cells[c][count] = row[c];
            }

            if (++count == RowGroupRows)
            {
                WriteRowGroup(writer, table, fields, cells, count);
                count = 0;
            }
        }

        if (count > 0 || table.Rows == 0)
        {
            WriteRowGroup(writer, table, fields, cells, count);
        }
    }

    private static void WriteRowGroup(ParquetWriter writer, CsvTable table, DataField[] fields, string[][] cells, int count)
    {
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Length; c++)
        {
            var column = cells[c].AsSpan(0, count);
            switch (table.Kinds[c])
            {
                case ColumnKind.Double:
                {
                    var values = new double?[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = column[i].Length == 0 ? null : CsvTable.Number(column[i]);
                    }

                    group.WriteAsync<double>(fields[c], values.AsMemory()).GetAwaiter().GetResult();
                    break;
                }

                case ColumnKind.Date:
                {
                    var values = new DateOnly?[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = column[i].Length == 0 ? null : CsvTable.Date(column[i]);
                    }

                    group.WriteAsync<DateOnly>(fields[c], values.AsMemory()).GetAwaiter().GetResult();
                    break;
                }

                default:
                {
                    var values = new string?[count];
                    for (int i = 0; i < count; i++)
                    {
                        values[i] = column[i].Length == 0 ? null : column[i];
                    }

                    group.WriteAsync(fields[c], values!).GetAwaiter().GetResult();
                    break;
                }
            }
        }

        group.CompleteValidate();
    }
}
