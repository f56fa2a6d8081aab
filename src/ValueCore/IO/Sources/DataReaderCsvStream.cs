using System.Data.Common;

namespace ValueCore.IO.Sources;

/// <summary>
/// The rows of an open ADO.NET data reader rendered as loan-book CSV bytes (header = the result's column names), a
/// block of rows at a time: the rows stream from the server and are never all held in memory.
/// </summary>
internal sealed class DataReaderCsvStream(DbDataReader reader) : RenderedCsvStream
{
    private const int RowsPerBlock = 4096;

    private readonly CsvCellWriter _writer = new(1 << 18);
    private bool _headerDone;
    private bool _end;
    private Action<CsvCellWriter, DbDataReader, int>[]? _cells;

    public override bool RowNumbered => true;

    public override long LengthHint => 0;

    /// <summary>The data rows rendered so far.</summary>
    public long Rows { get; private set; }

    protected override bool NextBlock(out byte[] data, out int length)
    {
        _writer.Clear();
        if (!_headerDone)
        {
            _headerDone = true;
            _cells = new Action<CsvCellWriter, DbDataReader, int>[reader.FieldCount];
            for (int c = 0; c < reader.FieldCount; c++)
            {
                _writer.Name(reader.GetName(c));
                _cells[c] = Cell(reader.GetFieldType(c));
            }

            _writer.EndRow();
        }

        for (int r = 0; r < RowsPerBlock && !_end; r++)
        {
            if (!reader.Read())
            {
                _end = true;
                break;
            }

            for (int c = 0; c < _cells!.Length; c++)
            {
                if (reader.IsDBNull(c))
                {
                    _writer.Null();
                }
                else
                {
                    _cells[c](_writer, reader, c);
                }
            }

            _writer.EndRow();
            Rows++;
        }

        data = _writer.Buffer;
        length = _writer.Length;
        return length > 0;
    }

    private static Action<CsvCellWriter, DbDataReader, int> Cell(Type type) => type switch
    {
        _ when type == typeof(double) => static (w, r, c) => w.Double(r.GetDouble(c)),
        _ when type == typeof(float) => static (w, r, c) => w.Double(r.GetFloat(c)),
        _ when type == typeof(decimal) => static (w, r, c) => w.Decimal(r.GetDecimal(c)),
        _ when type == typeof(long) => static (w, r, c) => w.Long(r.GetInt64(c)),
        _ when type == typeof(int) => static (w, r, c) => w.Long(r.GetInt32(c)),
        _ when type == typeof(short) => static (w, r, c) => w.Long(r.GetInt16(c)),
        _ when type == typeof(byte) => static (w, r, c) => w.Long(r.GetByte(c)),
        _ when type == typeof(bool) => static (w, r, c) => w.Bool(r.GetBoolean(c)),
        _ when type == typeof(DateOnly) => static (w, r, c) => w.Date(r.GetFieldValue<DateOnly>(c)),
        _ when type == typeof(DateTime) => static (w, r, c) => w.DateTime(r.GetDateTime(c)),
        _ => static (w, r, c) => w.Text(Convert.ToString(r.GetValue(c), System.Globalization.CultureInfo.InvariantCulture)),
    };
}
