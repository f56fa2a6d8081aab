using ValueCore.Portfolio;
using System.Runtime.InteropServices;
using ValueCore.Internal;

namespace ValueCore.Performance;

/// <summary>Accumulates loans (or pre-summed rows) by key and builds a ranked <see cref="Scorecard"/>; the only mutable scorecard type.</summary>
public sealed class ScorecardBuilder
{
    private const int Measures = 9;
    private const char Separator = '\u001f';
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _keys = [];
    private readonly List<long> _loans = [];
    private readonly List<NeumaierSum[]> _sums = [];
    private bool _allAllocated = true;
    private long _added;

    /// <summary>Creates a builder.</summary>
    /// <param name="keyColumns">The grouping columns (names only, for the result); none gives one group.</param>
    public ScorecardBuilder(params IEnumerable<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(keyColumns);
        KeyColumns = [.. keyColumns];
    }

    /// <summary>The scorecard of a valuation: every loan's figures summed by text columns of the valued book, ranked by EVA
    /// (standalone capital). The figures <c>valuecore scorecard</c> writes from the <c>loans.csv</c> of <c>valuecore raroc</c>
    /// for the same book.</summary>
    /// <param name="valuation">The valuation (<see cref="PortfolioValuation.Run"/>).</param>
    /// <param name="keyColumns">Text columns of the book to group by (e.g. segment, product, an attribute); none gives one group.</param>
    /// <returns>The scorecard.</returns>
    /// <exception cref="ArgumentException">The book has no such column.</exception>
    public static Scorecard FromValuation(PortfolioResult valuation, params IEnumerable<string> keyColumns)
    {
        ArgumentNullException.ThrowIfNull(valuation);
        ArgumentNullException.ThrowIfNull(keyColumns);
        var builder = new ScorecardBuilder(keyColumns);
        var book = valuation.Book;
        var columns = builder.KeyColumns.Select(book.TextColumn).ToArray();
        var keys = new string[columns.Length];
        double capitalRate = valuation.Options.Profitability.CapitalRate;
        for (int i = 0; i < valuation.Count; i++)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                keys[c] = columns[c][i];
            }

            builder.Add(keys, PerformanceFigures.OfLoan(book.Ead[i], valuation.Revenue[i], valuation.El[i], valuation.Ec[i], valuation.PreTaxReturn[i],
                valuation.Return[i], valuation.Eva[i], capitalRate, double.NaN, double.NaN));
        }

        return builder.Build();
    }

    /// <summary>The grouping columns.</summary>
    public IReadOnlyList<string> KeyColumns { get; }

    /// <summary>The number of groups so far.</summary>
    public int GroupCount => _keys.Count;

    /// <summary>Adds one loan (or a row standing for <paramref name="loans"/> loans) to its group.</summary>
    /// <param name="keys">The values of the grouping columns, one per key column.</param>
    /// <param name="figures">The figures; NaN allocated figures mean "not known" (then the scorecard has no allocated figures).</param>
    /// <param name="loans">The number of loans the row stands for, &gt;= 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException">The number of keys differs from the number of key columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A standalone figure is not finite, EAD or EC is negative, or <paramref name="loans"/> is below 1.</exception>
    public ScorecardBuilder Add(ReadOnlySpan<string> keys, in PerformanceFigures figures, long loans = 1)
    {
        if (keys.Length != KeyColumns.Count)
        {
            ThrowHelper.Argument(nameof(keys), $"Expected {KeyColumns.Count} key values, got {keys.Length}.");
        }

        if (loans < 1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(loans), loans, "[1, inf)");
        }

        var f = figures;
        foreach (double v in (ReadOnlySpan<double>)[f.Revenue, f.ExpectedLoss, f.OperatingCost, f.Return, f.Eva])
        {
            if (!double.IsFinite(v))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(figures), v, "the finite numbers");
            }
        }

        if (!(f.Ead >= 0.0 && double.IsFinite(f.Ead)) || !(f.EconomicCapital >= 0.0 && double.IsFinite(f.EconomicCapital)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(figures), "EAD and EC must be finite and >= 0.");
        }

        string key = keys.Length == 1 ? keys[0] : string.Join(Separator, keys.ToArray());
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_index, key, out bool exists);
        if (!exists)
        {
            slot = _keys.Count;
            _keys.Add(key);
            _loans.Add(0);
            _sums.Add(new NeumaierSum[Measures]);
        }

        var s = _sums[slot];
        _loans[slot] += loans;
        s[0].Add(f.Ead);
        s[1].Add(f.Revenue);
        s[2].Add(f.ExpectedLoss);
        s[3].Add(f.OperatingCost);
        s[4].Add(f.EconomicCapital);
        s[5].Add(f.Return);
        s[6].Add(f.Eva);
        if (double.IsFinite(f.AllocatedCapital) && double.IsFinite(f.AllocatedEva))
        {
            s[7].Add(f.AllocatedCapital);
            s[8].Add(f.AllocatedEva);
        }
        else
        {
            _allAllocated = false;
        }

        _added++;
        return this;
    }

    /// <summary>Builds the scorecard: groups ranked by EVA, largest first (ties by key), and the total.</summary>
    /// <returns>The scorecard.</returns>
    public Scorecard Build()
    {
        bool allocated = _allAllocated && _added > 0;
        var order = Enumerable.Range(0, _keys.Count).ToArray();
        var eva = order.Select(g => _sums[g][6].Value).ToArray();
        Array.Sort(order, (a, b) =>
        {
            int c = eva[b].CompareTo(eva[a]);
            return c != 0 ? c : string.CompareOrdinal(_keys[a], _keys[b]);
        });
        var rows = new List<ScorecardRow>(order.Length);
        var total = new NeumaierSum[Measures];
        long totalLoans = 0;
        for (int r = 0; r < order.Length; r++)
        {
            int g = order[r];
            string[] keys = KeyColumns.Count == 0 ? [] : _keys[g].Split(Separator);
            rows.Add(new ScorecardRow(keys, _loans[g], Figures(_sums[g], allocated), r + 1));
        }

        // The total sums the groups in key order, so it does not depend on the order loans were added in across groups.
        foreach (int g in Enumerable.Range(0, _keys.Count).OrderBy(g => _keys[g], StringComparer.Ordinal))
        {
            totalLoans += _loans[g];
            for (int m = 0; m < Measures; m++)
            {
                total[m].Add(_sums[g][m]);
            }
        }

        return new Scorecard(KeyColumns, rows, new ScorecardRow([], totalLoans, Figures(total, allocated), 0), allocated);
    }

    private static PerformanceFigures Figures(NeumaierSum[] s, bool allocated) => new(s[0].Value, s[1].Value, s[2].Value, s[3].Value, s[4].Value,
        s[5].Value, s[6].Value, allocated ? s[7].Value : double.NaN, allocated ? s[8].Value : double.NaN);
}
