using System.Globalization;
using ValueCore.IO;
using ValueCore.IO.Csv;

namespace ValueCore.Batch.Sinks;

/// <summary>The type a typed sink gives a CSV column (docs/conventions.md, "Output formats").</summary>
internal enum ColumnKind
{
    /// <summary>Every non-empty cell is a number whose shortest round-trip text is the cell (Parquet DOUBLE, SQL double precision).</summary>
    Double,

    /// <summary>Every non-empty cell is an ISO date <c>yyyy-MM-dd</c> (Parquet DATE, SQL date).</summary>
    Date,

    /// <summary>Anything else, and every column the job names as text (identifiers, kept columns, group keys).</summary>
    Text,
}

/// <summary>
/// A result table written as CSV by a job, read back for the typed sinks: its header, each column's type, its rows.
/// A column's type follows from its cells, so that no cell's text is ever lost: a number only where the shortest
/// round-trip text of the parsed value is the cell itself (every number the jobs write, <c>CsvText.Number</c>), a date
/// only for ISO dates, else text; the columns a job copies from its input are text whatever they hold.
/// </summary>
internal sealed class CsvTable
{
    private CsvTable(string path, string[] columns, ColumnKind[] kinds, long rows)
    {
        Path = path;
        Columns = columns;
        Kinds = kinds;
        Rows = rows;
    }

    /// <summary>The CSV file.</summary>
    public string Path { get; }

    /// <summary>The header's cells.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Each column's type.</summary>
    public IReadOnlyList<ColumnKind> Kinds { get; }

    /// <summary>The data rows.</summary>
    public long Rows { get; }

    /// <summary>Reads the file once to find each column's type (a column without a non-empty cell is a number).</summary>
    /// <param name="path">A CSV file written by a job (UTF-8, header row, RFC 4180).</param>
    /// <param name="textColumns">Columns that are text whatever their cells hold.</param>
    public static CsvTable Infer(string path, IReadOnlySet<string> textColumns)
    {
        string[]? header = null;
        bool[] notNumber = [];
        bool[] notDate = [];
        bool[] any = [];
        long rows = 0;
        foreach (var fields in Records(path))
        {
            if (header is null)
            {
                header = fields;
                notNumber = new bool[header.Length];
                notDate = new bool[header.Length];
                any = new bool[header.Length];
                continue;
            }

            Check(path, header, fields, rows);
            rows++;
            for (int c = 0; c < fields.Length; c++)
            {
                string cell = fields[c];
                if (cell.Length == 0)
                {
                    continue;
                }

                any[c] = true;
                notNumber[c] |= !notNumber[c] && !IsNumber(cell);
                notDate[c] |= !notDate[c] && !IsDate(cell);
            }
        }

        header ??= [];
        var kinds = new ColumnKind[header.Length];
        for (int c = 0; c < header.Length; c++)
        {
            kinds[c] = textColumns.Contains(header[c]) ? ColumnKind.Text
                : !any[c] || !notNumber[c] ? ColumnKind.Double
                : !notDate[c] ? ColumnKind.Date
                : ColumnKind.Text;
        }

        return new CsvTable(path, header, kinds, rows);
    }

    /// <summary>The data rows, in file order, each as its cells' text.</summary>
    public IEnumerable<string[]> DataRows()
    {
        long row = -1;
        foreach (var fields in Records(Path))
        {
            if (row++ >= 0)
            {
                Check(Path, Columns, fields, row - 1);
                yield return fields;
            }
        }
    }

    /// <summary>A number cell's value (the cell is one: <see cref="ColumnKind.Double"/>).</summary>
    public static double Number(string cell) =>
        CsvText.TryParseNumber(cell, out double value) ? value : throw new InvalidOperationException($"'{cell}' is not a number.");

    /// <summary>A date cell's value (the cell is one: <see cref="ColumnKind.Date"/>).</summary>
    public static DateOnly Date(string cell) => DateOnly.ParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static bool IsNumber(string cell) => CsvText.TryParseNumber(cell, out double value) && CsvText.Number(value) == cell;

    private static bool IsDate(string cell) =>
        cell.Length == 10 && DateOnly.TryParseExact(cell, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static void Check(string path, IReadOnlyList<string> header, string[] fields, long row)
    {
        if (fields.Length != header.Count)
        {
            throw new InvalidOperationException($"{path}: data row {row + 1} has {fields.Length} cells, the header {header.Count}.");
        }
    }

    private static IEnumerable<string[]> Records(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var records = new CsvRecords(stream);
        while (records.TryRead(out var record))
        {
            yield return record.Fields;
        }
    }
}
