namespace ValueCore.Portfolio;

/// <summary>Aggregates of a portfolio run by one or more columns, rows sorted by key (ordinal).</summary>
public sealed class GroupTable
{
    internal GroupTable(IReadOnlyList<string> keyColumns, IReadOnlyList<GroupRow> rows, GroupRow total)
    {
        KeyColumns = keyColumns;
        Rows = rows;
        Total = total;
    }

    /// <summary>The grouping columns.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>One row per group, sorted by the key values (ordinal comparison, column by column).</summary>
    public IReadOnlyList<GroupRow> Rows { get; }

    /// <summary>The whole portfolio (keys empty).</summary>
    public GroupRow Total { get; }
}
