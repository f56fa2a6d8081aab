using System.Buffers;
using Parquet;
using Parquet.Schema;

namespace ValueCore.IO.Sources;

/// <summary>
/// A Parquet file, or a folder of <c>*.parquet</c> parts read in ordinal name order, rendered as loan-book CSV bytes:
/// one header (the first part's column names), then every row group's rows in order. Row groups are decoded and
/// rendered on several threads (each opens its own reader), a bounded window ahead of the reader, and handed over in
/// order, so the bytes do not depend on the thread count and memory stays at a few row groups.
/// </summary>
/// <remarks>
/// The column path: the fields named typed at <see cref="Open(string, int, IReadOnlySet{int})"/> (a loan book's number-only fields) are not rendered
/// when their Parquet type is a double, a float or an integer: their cells are left empty and their decoded values are
/// handed over per row group (<see cref="RowsOf"/>, which the chunker attaches to each chunk), so no number is written
/// as text and parsed again. Text columns are decoded to characters without a string per cell.
/// </remarks>
internal sealed class ParquetCsvStream : RenderedCsvStream
{
    private static readonly ParquetOptions s_options = new() { UseDateOnlyTypeForDates = true, TreatByteArrayAsString = true };

    private readonly List<(string Path, int RowGroup, long FirstRow)> _units = [];
    private readonly DataField[] _fields;
    private readonly Queue<Task<(byte[], int, TypedRowGroup?, int)>> _window = new();
    private readonly IReadOnlySet<int>? _typed;
    private readonly IReadOnlyList<string> _parts;
    private readonly Queue<TypedRowGroup> _handedOver = new(); // typed groups whose text was read and whose rows a chunk may still need
    private readonly int _windowSize;

    // Recycled arrays (docs/conventions.md, "Parquet memory bound"): the rendered text blocks, given back when the
    // reader has copied a block out; a typed group's values and null flags, given back when no chunk holds the group.
    private readonly ArrayRecycler<byte> _blocks;
    private readonly ArrayRecycler<double> _doubles;
    private readonly ArrayRecycler<bool> _flags;
    private byte[]? _lastBlock;
    private int _next;
    private bool _headerDone;
    private readonly long _rows;

    private ParquetCsvStream(IReadOnlyList<string> parts, int maxDegreeOfParallelism, IReadOnlySet<int>? typed)
    {
        _typed = typed is { Count: > 0 } ? typed : null;
        _parts = parts;
        _windowSize = Math.Max(1, maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism) + 1;
        DataField[]? fields = null;
        foreach (var part in parts)
        {
            var reader = Open(part);
            try
            {
                var data = reader.Schema.GetDataFields();
                if (fields is null)
                {
                    if (reader.Schema.Fields.Count != data.Length || data.Any(f => f.IsArray || f.MaxRepetitionLevel > 0))
                    {
                        throw Invalid(Path.GetFileName(part), "has nested or repeated columns; a loan book's columns are flat");
                    }

                    fields = data;
                }
                else if (!data.Select(f => f.Name).SequenceEqual(fields.Select(f => f.Name), StringComparer.Ordinal))
                {
                    throw Invalid(Path.GetFileName(part), $"has the columns ({string.Join(", ", data.Select(f => f.Name))}), not those of {Path.GetFileName(parts[0])} ({string.Join(", ", fields.Select(f => f.Name))})");
                }

                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    _units.Add((part, g, _rows + 1));
                    _rows += reader.OpenRowGroupReader(g).RowCount;
                }
            }
            finally
            {
                reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }

        _fields = fields ?? [];

        // Blocks: the window's, the one being read and one spare. Number columns: those of the window's groups and of
        // the groups the chunks in flight still hold (a few: a chunk's rows lie in one or two groups).
        _blocks = new ArrayRecycler<byte>(_windowSize + 2);
        _doubles = new ArrayRecycler<double>(Math.Max(1, _fields.Length) * ((2 * _windowSize) + 4));
        _flags = new ArrayRecycler<bool>(Math.Max(1, _fields.Length) * ((2 * _windowSize) + 4));
    }

    /// <summary>Opens a Parquet file or a folder of parts; <paramref name="typed"/>: the fields (by column index) handed
    /// over as doubles where their type allows (the column path), instead of rendered.</summary>
    /// <exception cref="DataValidationException">A part is not Parquet, has nested columns, or its columns differ from the first part's.</exception>
    public static ParquetCsvStream Open(string path, int maxDegreeOfParallelism = -1, IReadOnlySet<int>? typed = null)
    {
        var parts = Parts(path);
        string label = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (parts.Count == 0)
        {
            throw Invalid(label, "holds no *.parquet file");
        }

        return new ParquetCsvStream(parts, maxDegreeOfParallelism, typed);
    }

    /// <summary>A Parquet file alone, or a folder's <c>*.parquet</c> files in ordinal name order.</summary>
    public static IReadOnlyList<string> Parts(string path) => Directory.Exists(path)
        ? [.. Directory.EnumerateFiles(path, "*.parquet").Order(StringComparer.Ordinal)]
        : [path];

    public override bool RowNumbered => true;

    /// <summary>How many value arrays of number columns were made rather than recycled (bounded by the groups in flight, not the book).</summary>
    internal int NumberArraysMade => _doubles.Made;

    /// <summary>How many text blocks were made rather than recycled.</summary>
    internal int BlocksMade => _blocks.Made;

    /// <summary>Whether number fields are handed over decoded (the column path).</summary>
    public bool Typed => _typed is not null;

    /// <summary>The SHA-256 of the Parquet bytes read, lower-case hex: the file's, or a folder's parts' one after
    /// another in name order (for the manifest of a run by the column path, whose rendered text holds no numbers).</summary>
    public string FilesSha256()
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (var part in _parts)
        {
            using var file = new FileStream(part, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            for (int read; (read = file.Read(buffer)) > 0;)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The rendered text's length: the book's rows at the first row group's rendered bytes per row once it is
    /// read (the duplicate-identifier table and the output's reservation are sized from it: on the column path a row's
    /// numbers are not rendered, so a guess from the column count would size them twice too large), a guess before.</summary>
    public override long LengthHint => _firstBytesPerRow > 0 ? (long)Math.Ceiling(_rows * _firstBytesPerRow) : _rows * Math.Max(1, _fields.Length) * 8;

    private double _firstBytesPerRow;

    protected override bool NextBlock(out byte[] data, out int length)
    {
        if (!_headerDone)
        {
            _headerDone = true;
            var header = new CsvCellWriter(1 << 12);
            foreach (var f in _fields)
            {
                header.Name(f.Name);
            }

            header.EndRow();
            (data, length) = header.Take();
            return true;
        }

        // The reader has copied the last block out: its buffer renders a later row group.
        if (_lastBlock is not null)
        {
            _blocks.Return(_lastBlock);
            _lastBlock = null;
        }

        while (_window.Count < _windowSize && _next < _units.Count)
        {
            var unit = _units[_next++];
            _window.Enqueue(Task.Run(() => Render(unit.Path, unit.RowGroup, unit.FirstRow)));
        }

        if (_window.Count == 0)
        {
            data = [];
            length = 0;
            return false;
        }

        (data, length, var group, int rows) = _window.Dequeue().GetAwaiter().GetResult();
        _lastBlock = data;
        if (_firstBytesPerRow == 0 && rows > 0)
        {
            Volatile.Write(ref _firstBytesPerRow, (double)length / rows);
        }

        if (group is not null)
        {
            _handedOver.Enqueue(group);
        }

        return true;
    }

    /// <summary>The typed row groups holding data rows <paramref name="firstRow"/> to <paramref name="lastRow"/> (asked in
    /// increasing order, by the chunker, for rows whose text it has read); groups before them are let go. Null when
    /// nothing is typed.</summary>
    public TypedRows? RowsOf(long firstRow, long lastRow)
    {
        if (_typed is null)
        {
            return null;
        }

        while (_handedOver.Count > 0 && _handedOver.Peek() is var g && g.FirstRow + g.Count <= firstRow)
        {
            _handedOver.Dequeue().Release();
        }

        return new TypedRows([.. _handedOver.TakeWhile(g => g.FirstRow <= lastRow)]);
    }

    private async Task<(byte[], int, TypedRowGroup?, int)> Render(string path, int rowGroup, long firstRow)
    {
        var typed = _typed;
        Column[]? columns = null;
        try
        {
            var reader = await ParquetReader.CreateAsync(path, s_options).ConfigureAwait(false);
            await using var _ = reader.ConfigureAwait(false);
            var group = reader.OpenRowGroupReader(rowGroup);
            int n = checked((int)group.RowCount);
            var fields = reader.Schema.GetDataFields();
            columns = new Column[fields.Length];
            var numbers = new TypedNumberColumn?[fields.Length];
            for (int c = 0; c < fields.Length; c++)
            {
                columns[c] = typed is not null && typed.Contains(c) && await TypedColumn.ReadNumbers(group, fields[c], n, _doubles, _flags).ConfigureAwait(false) is TypedColumn number
                    ? number
                    : await Column.Read(group, fields[c], n).ConfigureAwait(false);
                numbers[c] = (columns[c] as TypedColumn)?.Numbers;
            }

            // Sized from the first group's rendered bytes per row once known (the column path renders no numbers, so
            // a row is a third of its CSV text), with a margin; the writer grows a block that is still too small.
            double perRow = Volatile.Read(ref _firstBytesPerRow);
            var writer = new CsvCellWriter(_blocks.Rent(Math.Max(1 << 16, perRow > 0 ? (int)Math.Min(int.MaxValue / 2, (n * perRow * 1.25) + 4096) : n * fields.Length * 4)));
            for (int r = 0; r < n; r++)
            {
                foreach (var column in columns)
                {
                    column.Write(writer, r);
                }

                writer.EndRow();
            }

            var (data, length) = writer.Detach();
            return (data, length, typed is null ? null : new TypedRowGroup(firstRow, n, numbers, Recycle), n);
        }
        catch (Exception e) when (e is not DataValidationException and not OutOfMemoryException)
        {
            throw Invalid(Path.GetFileName(path), $"row group {rowGroup + 1} cannot be read as Parquet ({e.Message})");
        }
        finally
        {
            foreach (var column in columns ?? [])
            {
                column?.Dispose();
            }
        }
    }

    /// <summary>Takes back the arrays of a typed group that no one holds any more.</summary>
    private void Recycle(TypedRowGroup group)
    {
        foreach (var column in group.Numbers)
        {
            if (column is not null)
            {
                _doubles.Return(column.Values);
                if (column.Nulls is bool[] nulls)
                {
                    _flags.Return(nulls);
                }
            }
        }
    }

    private static ParquetReader Open(string path)
    {
        try
        {
            return ParquetReader.CreateAsync(path, s_options).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException and not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw Invalid(Path.GetFileName(path), $"is not a readable Parquet file ({e.Message})");
        }
    }

    private static DataValidationException Invalid(string source, string rule) =>
        new(source, [new DataIssue(0, "", "", rule)], 1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            while (_window.Count > 0)
            {
                _ = _window.Dequeue().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>One decoded column of a row group and the way its cells are written.</summary>
    private abstract class Column
    {
        public abstract void Write(CsvCellWriter writer, int row);

        /// <summary>Gives the column's transient arrays back once its row group is rendered.</summary>
        public virtual void Dispose()
        {
        }

        public static async Task<Column> Read(ParquetRowGroupReader group, DataField field, int n)
        {
            var t = field.ClrType;
            if (t == typeof(ReadOnlyMemory<char>))
            {
                // Raw: the non-null cells in order and a definition level per row; a dictionary-encoded column's cells
                // share their entry's characters, so no string is made per cell.
                // The arrays are rented (given back cleared, so no cell's characters stay reachable from the pool).
                var cells = ArrayPool<ReadOnlyMemory<char>>.Shared.Rent(n);
                int[]? levels = field.IsNullable ? ArrayPool<int>.Shared.Rent(n) : null;
                var column = new CharsColumn(cells, levels, field.MaxDefinitionLevel);
                try
                {
                    await group.ReadRawAsync<ReadOnlyMemory<char>>(field, cells.AsMemory(0, n), levels?.AsMemory(0, n), null).ConfigureAwait(false);
                }
                catch
                {
                    column.Dispose();
                    throw;
                }

                return column;
            }

            if (t == typeof(string) || t == typeof(ReadOnlyMemory<byte>) || t == typeof(byte[]))
            {
                var values = new string?[n];
                await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
                return new TextColumn(values);
            }

            return t switch
            {
                _ when t == typeof(double) => await Of<double>(group, field, n, static (w, v) => w.Double(v)).ConfigureAwait(false),
                _ when t == typeof(float) => await Of<float>(group, field, n, static (w, v) => w.Double(v)).ConfigureAwait(false),
                _ when t == typeof(decimal) => await Of<decimal>(group, field, n, static (w, v) => w.Decimal(v)).ConfigureAwait(false),
                _ when t == typeof(long) => await Of<long>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(int) => await Of<int>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(short) => await Of<short>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(sbyte) => await Of<sbyte>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(byte) => await Of<byte>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(ushort) => await Of<ushort>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(uint) => await Of<uint>(group, field, n, static (w, v) => w.Long(v)).ConfigureAwait(false),
                _ when t == typeof(ulong) => await Of<ulong>(group, field, n, static (w, v) => w.Decimal(v)).ConfigureAwait(false),
                _ when t == typeof(bool) => await Of<bool>(group, field, n, static (w, v) => w.Bool(v)).ConfigureAwait(false),
                _ when t == typeof(DateOnly) => await Of<DateOnly>(group, field, n, static (w, v) => w.Date(v)).ConfigureAwait(false),
                _ when t == typeof(DateTime) => await Of<DateTime>(group, field, n, static (w, v) => w.DateTime(v)).ConfigureAwait(false),
                _ => throw new NotSupportedException($"column {field.Name} has the Parquet type {t.Name}, which a loan book does not read"),
            };
        }

        private static async Task<Column> Of<T>(ParquetRowGroupReader group, DataField field, int n, Action<CsvCellWriter, T> write)
            where T : struct
        {
            var values = new T?[n];
            await group.ReadAsync(field, values.AsMemory()).ConfigureAwait(false);
            return new ValueColumn<T>(values, write);
        }
    }

    private sealed class ValueColumn<T>(T?[] values, Action<CsvCellWriter, T> write) : Column
        where T : struct
    {
        public override void Write(CsvCellWriter writer, int row)
        {
            if (values[row] is T v)
            {
                write(writer, v);
            }
            else
            {
                writer.Null();
            }
        }
    }

    private sealed class TextColumn(string?[] values) : Column
    {
        public override void Write(CsvCellWriter writer, int row) => writer.Text(values[row]);
    }

    /// <summary>A text column read raw: its non-null cells in order, written as the rows come (in order).</summary>
    private sealed class CharsColumn(ReadOnlyMemory<char>[] cells, int[]? levels, int present) : Column
    {
        private int _next;
        private bool _returned;

        public override void Dispose()
        {
            if (!_returned)
            {
                _returned = true;
                ArrayPool<ReadOnlyMemory<char>>.Shared.Return(cells, clearArray: true);
                if (levels is not null)
                {
                    ArrayPool<int>.Shared.Return(levels);
                }
            }
        }

        public override void Write(CsvCellWriter writer, int row)
        {
            if (levels is not null && levels[row] != present)
            {
                writer.Null();
                return;
            }

            writer.Text(cells[_next++].Span);
        }
    }

    /// <summary>A number column of the column path: written as an empty cell, its values handed over as doubles.</summary>
    private sealed class TypedColumn(TypedNumberColumn numbers) : Column
    {
        public TypedNumberColumn Numbers { get; } = numbers;

        public override void Write(CsvCellWriter writer, int row) => writer.Null();

        /// <summary>The column as doubles when its type converts exactly (double, float, 32-bit integers, 64-bit
        /// integers within 2^53 in this row group); null otherwise (it is rendered).</summary>
        public static async Task<TypedColumn?> ReadNumbers(ParquetRowGroupReader group, DataField field, int n, ArrayRecycler<double> doubles, ArrayRecycler<bool> flags)
        {
            var t = field.ClrType;
            if (t == typeof(double))
            {
                var values = doubles.Rent(n);
                var nulls = await Raw(group, field, values, n, flags).ConfigureAwait(false);
                return new TypedColumn(new TypedNumberColumn(values, nulls, integer: false));
            }

            if (t == typeof(float))
            {
                return await Converted<float>(group, field, n, doubles, flags, integer: false, static v => v).ConfigureAwait(false);
            }

            if (t == typeof(int))
            {
                return await Converted<int>(group, field, n, doubles, flags, integer: true, static v => v).ConfigureAwait(false);
            }

            if (t == typeof(long))
            {
                const long exact = 1L << 53; // every integer within 2^53 is a double, and its digits parse back to it
                return await Converted<long>(group, field, n, doubles, flags, integer: true, static v => v is > exact or < -exact ? double.NaN : v).ConfigureAwait(false);
            }

            return null;
        }

        /// <summary>A column of another number type as doubles (read into a rented array, converted exactly); null when
        /// a value does not convert exactly (<paramref name="convert"/> gives NaN), so that the column is rendered.</summary>
        private static async Task<TypedColumn?> Converted<T>(ParquetRowGroupReader group, DataField field, int n, ArrayRecycler<double> doubles, ArrayRecycler<bool> flags,
            bool integer, Func<T, double> convert)
            where T : struct
        {
            var raw = ArrayPool<T>.Shared.Rent(n);
            try
            {
                var nulls = await Raw(group, field, raw, n, flags).ConfigureAwait(false);
                var values = doubles.Rent(n);
                for (int r = 0; r < n; r++)
                {
                    values[r] = convert(raw[r]);
                    if (double.IsNaN(values[r]))
                    {
                        doubles.Return(values);
                        if (nulls is not null)
                        {
                            flags.Return(nulls);
                        }

                        return null;
                    }
                }

                return new TypedColumn(new TypedNumberColumn(values, nulls, integer));
            }
            finally
            {
                ArrayPool<T>.Shared.Return(raw);
            }
        }

        /// <summary>Reads a column raw into the first <paramref name="n"/> elements of <paramref name="values"/> (one per
        /// row, nulls as default) and returns which rows are null (a recycled array; null when none can be).</summary>
        private static async Task<bool[]?> Raw<T>(ParquetRowGroupReader group, DataField field, T[] values, int n, ArrayRecycler<bool> flags)
            where T : struct
        {
            if (!field.IsNullable)
            {
                await group.ReadRawAsync<T>(field, values.AsMemory(0, n), null, null).ConfigureAwait(false);
                return null;
            }

            var levels = ArrayPool<int>.Shared.Rent(n);
            try
            {
                await group.ReadRawAsync<T>(field, values.AsMemory(0, n), levels.AsMemory(0, n), null).ConfigureAwait(false);

                // The non-null values come first, in order: spread them to their rows from the end. Every flag of the
                // (recycled) array is written.
                var nulls = flags.Rent(n);
                int present = field.MaxDefinitionLevel;
                int dense = levels.AsSpan(0, n).Count(present) - 1;
                for (int r = n - 1; r >= 0; r--)
                {
                    bool isNull = levels[r] != present;
                    nulls[r] = isNull;
                    values[r] = isNull ? default : values[dense--];
                }

                return nulls;
            }
            finally
            {
                ArrayPool<int>.Shared.Return(levels);
            }
        }
    }
}
