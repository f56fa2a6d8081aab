using System.Text;
using ValueCore.Capital;
using ValueCore.Portfolio;

namespace ValueCore.Scenarios;

/// <summary>Which loans a <see cref="Shock"/> applies to: for each named text column, the values accepted (a loan matches when every
/// condition holds: AND across columns, OR within a column's list). Immutable; equal when the conditions are equal.</summary>
/// <remarks>Values are compared as exact text (ordinal), as they appear in the loan book; any text column of the book can be used
/// (loan_id, segment, asset_class, customer_id, product, classification, or a column the reader carried as an attribute).</remarks>
public sealed class LoanFilter : IEquatable<LoanFilter>
{
    private readonly KeyValuePair<string, IReadOnlyList<string>>[] _conditions;

    private LoanFilter(KeyValuePair<string, IReadOnlyList<string>>[] conditions) => _conditions = conditions;

    /// <summary>The filter that selects every loan.</summary>
    public static LoanFilter All { get; } = new([]);

    /// <summary>Whether the filter selects every loan (no conditions).</summary>
    public bool IsAll => _conditions.Length == 0;

    /// <summary>The conditions, sorted by column name (ordinal); each column's values are distinct and sorted.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Conditions => _conditions;

    /// <summary>A filter with one condition.</summary>
    /// <param name="column">The text column.</param>
    /// <param name="values">The accepted values (at least one).</param>
    /// <returns>The filter.</returns>
    /// <exception cref="ArgumentException">The column is empty, no value is given, or an asset_class value is not an asset class label.</exception>
    public static LoanFilter Where(string column, params IEnumerable<string> values) => All.And(column, values);

    /// <summary>This filter with one more condition.</summary>
    /// <param name="column">The text column; not yet used in this filter.</param>
    /// <param name="values">The accepted values (at least one).</param>
    /// <returns>A new filter.</returns>
    /// <exception cref="ArgumentException">The column is empty or already has a condition, no value is given, or an asset_class value is not an asset class label.</exception>
    public LoanFilter And(string column, params IEnumerable<string> values)
    {
        ArgumentException.ThrowIfNullOrEmpty(column);
        ArgumentNullException.ThrowIfNull(values);
        var list = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (list.Length == 0 || list.Any(v => v is null))
        {
            throw new ArgumentException($"The filter on '{column}' needs at least one value (and no null).", nameof(values));
        }

        if (_conditions.Any(c => c.Key == column))
        {
            throw new ArgumentException($"The filter already has a condition on '{column}'.", nameof(column));
        }

        if (column == LoanColumns.AssetClass)
        {
            foreach (var v in list)
            {
                if (!LoanColumns.TryParseAssetClass(v, out _))
                {
                    throw new ArgumentException($"'{v}' is not an asset class ({string.Join(", ", LoanColumns.AssetClassLabels)}).", nameof(values));
                }
            }
        }

        var next = _conditions.Append(new KeyValuePair<string, IReadOnlyList<string>>(column, list)).ToArray();
        Array.Sort(next, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return new LoanFilter(next);
    }

    /// <summary>The positions (0-based, book order) of the loans the filter selects.</summary>
    /// <param name="book">The loan book.</param>
    /// <returns>The selected positions, ascending.</returns>
    /// <exception cref="ArgumentException">The book has no such text column.</exception>
    public IReadOnlyList<int> Select(LoanBook book)
    {
        var mask = Mask(book);
        var selected = new List<int>();
        for (int i = 0; i < book.Count; i++)
        {
            if (mask is null || mask[i])
            {
                selected.Add(i);
            }
        }

        return selected;
    }

    /// <summary>Per loan, whether it is selected; null when every loan is.</summary>
    internal bool[]? Mask(LoanBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (IsAll)
        {
            return null;
        }

        var mask = new bool[book.Count];
        mask.AsSpan().Fill(true);
        Span<bool> accepted = stackalloc bool[LoanColumns.AssetClassLabels.Count];
        foreach (var (column, values) in _conditions)
        {
            if (column == LoanColumns.AssetClass)
            {
                accepted.Clear();
                foreach (var v in values)
                {
                    if (LoanColumns.TryParseAssetClass(v, out AssetClass ac))
                    {
                        accepted[(int)ac] = true;
                    }
                }

                var classes = book.AssetClass;
                for (int i = 0; i < mask.Length; i++)
                {
                    mask[i] &= accepted[(int)classes[i]];
                }

                continue;
            }

            if (!book.TryGetTextColumn(column, out var text))
            {
                throw new ArgumentException($"The loan book has no column '{column}' to filter on (known: {string.Join(", ", KnownColumns(book))}).", nameof(book));
            }

            var set = new HashSet<string>(values, StringComparer.Ordinal);
            string? lastHit = null, lastMiss = null;
            for (int i = 0; i < mask.Length; i++)
            {
                if (!mask[i])
                {
                    continue;
                }

                // Book text is interned by the readers: most loans repeat the previous loan's string.
                string v = text[i];
                if (ReferenceEquals(v, lastHit))
                {
                    continue;
                }

                if (ReferenceEquals(v, lastMiss))
                {
                    mask[i] = false;
                    continue;
                }

                if (set.Contains(v))
                {
                    lastHit = v;
                }
                else
                {
                    lastMiss = v;
                    mask[i] = false;
                }
            }
        }

        return mask;
    }

    private static IEnumerable<string> KnownColumns(LoanBook book) =>
        new[] { LoanColumns.LoanId, LoanColumns.Segment, LoanColumns.AssetClass, LoanColumns.CustomerId, LoanColumns.Product, LoanColumns.Classification }
            .Concat(book.AttributeNames);

    /// <inheritdoc/>
    public bool Equals(LoanFilter? other) => other is not null && _conditions.Length == other._conditions.Length
        && _conditions.Zip(other._conditions).All(p => p.First.Key == p.Second.Key && p.First.Value.SequenceEqual(p.Second.Value, StringComparer.Ordinal));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LoanFilter);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var (column, values) in _conditions)
        {
            h.Add(column, StringComparer.Ordinal);
            foreach (var v in values)
            {
                h.Add(v, StringComparer.Ordinal);
            }
        }

        return h.ToHashCode();
    }

    /// <summary>The filter as text, e.g. <c>{ asset_class: [corporate, sme], segment: cre }</c>, or <c>all loans</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        if (IsAll)
        {
            return "all loans";
        }

        var sb = new StringBuilder("{ ");
        for (int c = 0; c < _conditions.Length; c++)
        {
            var (column, values) = _conditions[c];
            sb.Append(c > 0 ? ", " : "").Append(column).Append(": ");
            sb.Append(values.Count == 1 ? values[0] : "[" + string.Join(", ", values) + "]");
        }

        return sb.Append(" }").ToString();
    }
}
