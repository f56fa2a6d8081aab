namespace ValueCore.IO.Sources;

/// <summary>
/// The number columns of one Parquet row group, decoded to doubles for the column path (docs/loan-book.md, "Book
/// sources"): the loan-book processor takes a field's value from here instead of parsing its (empty) text cell, and
/// checks it against the same rule. Indexed by field (the header's column index); null where a field is rendered as text.
/// </summary>
/// <param name="firstRow">The 1-based data row of the group's first row, across a folder's parts.</param>
/// <param name="count">The group's rows.</param>
/// <param name="numbers">Per field, its decoded values, or null for a field rendered as text.</param>
/// <param name="recycle">Called once no one holds the group any more (its arrays go back to the source's pools); null: left to the garbage collector.</param>
/// <remarks>Held by the source until the reader has passed its rows, and by every chunk whose rows lie in it
/// (<see cref="TypedRows"/>, released by <see cref="Csv.CsvChunk.ReturnData"/>): its arrays are recycled only when the
/// last holder lets go, and a chunk never given back simply leaves them to the garbage collector.</remarks>
internal sealed class TypedRowGroup(long firstRow, int count, TypedNumberColumn?[] numbers, Action<TypedRowGroup>? recycle = null)
{
    private int _holders = 1; // the source's own hold

    public long FirstRow { get; } = firstRow;

    public int Count { get; } = count;

    public TypedNumberColumn?[] Numbers { get; } = numbers;

    /// <summary>Takes one more hold on the group.</summary>
    public void Hold() => Interlocked.Increment(ref _holders);

    /// <summary>Lets one hold go; the last one recycles the group's arrays.</summary>
    public void Release()
    {
        int left = Interlocked.Decrement(ref _holders);
        System.Diagnostics.Debug.Assert(left >= 0, "a typed row group was released more often than held");
        if (left == 0)
        {
            recycle?.Invoke(this);
        }
    }
}

/// <summary>
/// One decoded number column of a row group: a double per row and which rows are null. A value is exactly the double
/// the rendered text would parse to (a double itself; a float, a 32-bit integer or a 64-bit integer within 2^53,
/// converted exactly), and <see cref="Text"/> is the text the rendering would have written, for messages.
/// </summary>
internal sealed class TypedNumberColumn(double[] values, bool[]? nulls, bool integer)
{
    /// <summary>The values' array (at least one element per row; recycled with the group).</summary>
    public double[] Values => values;

    /// <summary>The null flags' array, or null when the column holds no nulls (recycled with the group).</summary>
    public bool[]? Nulls => nulls;

    /// <summary>Whether row <paramref name="row"/> holds no value (an empty cell).</summary>
    public bool IsNull(int row) => nulls is not null && nulls[row];

    public double Value(int row) => values[row];

    /// <summary>The cell as <see cref="CsvCellWriter"/> renders it: an integer's digits, a double's shortest round-trip
    /// text, <c>NaN</c> or an infinity as such; empty when null.</summary>
    public string Text(int row)
    {
        if (IsNull(row))
        {
            return "";
        }

        var writer = new CsvCellWriter(64);
        if (integer)
        {
            writer.Long((long)values[row]);
        }
        else
        {
            writer.Double(values[row]);
        }

        return System.Text.Encoding.UTF8.GetString(writer.Buffer, 0, writer.Length);
    }
}

/// <summary>The typed row groups that the rows of one chunk lie in (one, or two where a chunk spans a boundary).</summary>
internal sealed class TypedRows
{
    private readonly TypedRowGroup[] _groups;
    private int _released;

    /// <summary>The groups of one chunk's rows, each held until <see cref="Release"/>.</summary>
    public TypedRows(TypedRowGroup[] groups)
    {
        _groups = groups;
        foreach (var g in _groups)
        {
            g.Hold();
        }
    }

    /// <summary>Lets the chunk's holds go (once; later calls do nothing): the chunk must not read its typed rows afterwards.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            foreach (var g in _groups)
            {
                g.Release();
            }
        }
    }

    /// <summary>The group holding data row <paramref name="row"/>, starting the search at <paramref name="hint"/> (rows come in order).</summary>
    /// <exception cref="InvalidOperationException">No group holds the row (a bug: the source handed over too few groups).</exception>
    public TypedRowGroup Find(long row, ref int hint)
    {
        for (int i = Math.Max(0, hint); i < _groups.Length; i++)
        {
            var g = _groups[i];
            if (row >= g.FirstRow && row - g.FirstRow < g.Count)
            {
                hint = i;
                return g;
            }
        }

        throw new InvalidOperationException($"No decoded row group holds row {row}.");
    }
}
