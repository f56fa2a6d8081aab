namespace ValueCore.IO.Sources;

/// <summary>
/// The number columns of one Parquet row group, decoded to doubles for the column path (docs/loan-book.md, "Book
/// sources"): the loan-book processor takes a field's value from here instead of parsing its (empty) text cell, and
/// checks it against the same rule. Indexed by field (the header's column index); null where a field is rendered as text.
/// </summary>
/// <param name="firstRow">The 1-based data row of the group's first row, across a folder's parts.</param>
/// <param name="count">The group's rows.</param>
/// <param name="numbers">Per field, its decoded values, or null for a field rendered as text.</param>
internal sealed class TypedRowGroup(long firstRow, int count, TypedNumberColumn?[] numbers)
{
    public long FirstRow { get; } = firstRow;

    public int Count { get; } = count;

    public TypedNumberColumn?[] Numbers { get; } = numbers;
}

/// <summary>
/// One decoded number column of a row group: a double per row and which rows are null. A value is exactly the double
/// the rendered text would parse to (a double itself; a float, a 32-bit integer or a 64-bit integer within 2^53,
/// converted exactly), and <see cref="Text"/> is the text the rendering would have written, for messages.
/// </summary>
internal sealed class TypedNumberColumn(double[] values, bool[]? nulls, bool integer)
{
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
internal sealed class TypedRows(TypedRowGroup[] groups)
{
    /// <summary>The group holding data row <paramref name="row"/>, starting the search at <paramref name="hint"/> (rows come in order).</summary>
    /// <exception cref="InvalidOperationException">No group holds the row (a bug: the source handed over too few groups).</exception>
    public TypedRowGroup Find(long row, ref int hint)
    {
        for (int i = Math.Max(0, hint); i < groups.Length; i++)
        {
            var g = groups[i];
            if (row >= g.FirstRow && row - g.FirstRow < g.Count)
            {
                hint = i;
                return g;
            }
        }

        throw new InvalidOperationException($"No decoded row group holds row {row}.");
    }
}
