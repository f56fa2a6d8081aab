using ValueCore.Portfolio;

namespace ValueCore.Pricing;

/// <summary>The columnar result of <see cref="LifetimeValuation.Run"/>: one value per loan per lifetime figure, in book
/// order, with the book's totals and sums by any grouping.</summary>
/// <remarks>A loan that starts in a default state has NaN in every column (an empty cell in files) and is counted in
/// <see cref="DefaultedLoans"/>; a loan whose break-even rate cannot be found has NaN in the break-even columns, is
/// counted in <see cref="NoBreakEvenLoans"/> and its reason is in <see cref="BreakEvenFailures"/>.</remarks>
public sealed class LifetimeResult
{
    internal LifetimeResult(LoanBook book, LifetimeOptions options, LifetimeColumns columns, LifetimeSchedule? schedule,
        IReadOnlyList<(int Loan, string Reason)> failures)
    {
        Book = book;
        Options = options;
        Columns = columns;
        Schedule = schedule;
        BreakEvenFailures = failures;
        Total = new LifetimeGroup([]);
        for (int i = 0; i < book.Count; i++)
        {
            Accumulate(Total, i);
        }
    }

    internal LifetimeColumns Columns { get; }

    /// <summary>The book that was valued.</summary>
    public LoanBook Book { get; }

    /// <summary>The options used.</summary>
    public LifetimeOptions Options { get; }

    /// <summary>The number of loans.</summary>
    public int Count => Book.Count;

    /// <summary>Loans that start in a default state (a default classification, or PD = 1 without a matrix): no lifetime figures.</summary>
    public int DefaultedLoans => Total.DefaultedLoans;

    /// <summary>Loans whose break-even rate could not be found (see <see cref="BreakEvenFailures"/>).</summary>
    public int NoBreakEvenLoans => BreakEvenFailures.Count;

    /// <summary>Each loan (0-based index) whose break-even rate could not be found, with the reason, in book order.</summary>
    public IReadOnlyList<(int Loan, string Reason)> BreakEvenFailures { get; }

    /// <summary>The per-loan, per-year figures; null unless <see cref="LifetimeOptions.IncludeSchedule"/>.</summary>
    public LifetimeSchedule? Schedule { get; }

    /// <summary>The whole book's sums.</summary>
    public LifetimeGroup Total { get; }

    /// <summary>The years valued per loan: the remaining contractual term T (term, else the effective maturity), in years.</summary>
    public ReadOnlySpan<double> Years => Columns.Years;

    /// <summary>The transfer price per loan at the loan's own rate (given, or derived from the funding curves), a fraction.</summary>
    public ReadOnlySpan<double> FtpRate => Columns.Ftp;

    /// <summary>NPV of EVA = sum over years of the discounted EVA, in currency.</summary>
    public ReadOnlySpan<double> NpvEva => Columns.NpvEva;

    /// <summary>Lifetime RAROC = PV(return) / PV(EC); NaN when PV(EC) is 0.</summary>
    public ReadOnlySpan<double> LifetimeRaroc => Columns.LifetimeRaroc;

    /// <summary>PV of the expected revenue (net interest income on the drawn balance, fees, undrawn income), in currency.</summary>
    public ReadOnlySpan<double> PvRevenue => Columns.PvRevenue;

    /// <summary>PV of the expected loss, in currency.</summary>
    public ReadOnlySpan<double> PvEl => Columns.PvEl;

    /// <summary>PV of the economic capital (capital-years), in currency-years.</summary>
    public ReadOnlySpan<double> PvEc => Columns.PvEc;

    /// <summary>PV of the risk-adjusted return after tax, in currency.</summary>
    public ReadOnlySpan<double> PvReturn => Columns.PvReturn;

    /// <summary>The client rate at which NPV of EVA is 0 (lifetime RAROC = hurdle), a fraction; the sum of
    /// <see cref="BreakEvenFunding"/>, <see cref="BreakEvenEl"/>, <see cref="BreakEvenCost"/> and <see cref="BreakEvenCapital"/>.</summary>
    public ReadOnlySpan<double> BreakEvenRate => Columns.BreakEvenRate;

    /// <summary>The break-even rate's funding part: the transfer price at the break-even rate.</summary>
    public ReadOnlySpan<double> BreakEvenFunding => Columns.BreakEvenFunding;

    /// <summary>The break-even rate's expected-loss part: PV(EL) / A, A = PV of the performing drawn balance-years.</summary>
    public ReadOnlySpan<double> BreakEvenEl => Columns.BreakEvenEl;

    /// <summary>The break-even rate's cost part net of fees and undrawn income: (PV(opex) - PV(fees)) / A.</summary>
    public ReadOnlySpan<double> BreakEvenCost => Columns.BreakEvenCost;

    /// <summary>The break-even rate's capital part: (hurdle / (1 - tax) - capital rate) x PV(EC) / A.</summary>
    public ReadOnlySpan<double> BreakEvenCapital => Columns.BreakEvenCapital;

    /// <summary>Sums the lifetime figures by the values of one or more text columns of the book (<see cref="LoanBook.TextColumn"/>).</summary>
    /// <param name="columns">The grouping columns, e.g. <c>segment</c>, <c>customer_id</c>, <c>product</c>; at least one.</param>
    /// <returns>One group per distinct combination of values, ordered by the values (ordinal).</returns>
    /// <exception cref="ArgumentException">No column is given, or the book has no such text column.</exception>
    public IReadOnlyList<LifetimeGroup> GroupBy(IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            throw new ArgumentException("Give at least one grouping column.", nameof(columns));
        }

        var values = columns.Select(Book.TextColumn).ToArray();
        var groups = new Dictionary<string, LifetimeGroup>(StringComparer.Ordinal);
        var keys = new string[values.Length];
        for (int i = 0; i < Count; i++)
        {
            for (int c = 0; c < keys.Length; c++)
            {
                keys[c] = values[c][i];
            }

            string key = GroupAccumulator.JoinKey(keys);
            if (!groups.TryGetValue(key, out var group))
            {
                group = new LifetimeGroup([.. keys]);
                groups.Add(key, group);
            }

            Accumulate(group, i);
        }

        return [.. groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Value)];
    }

    private void Accumulate(LifetimeGroup group, int i)
    {
        var c = Columns;
        if (double.IsNaN(c.NpvEva[i]))
        {
            group.DefaultedLoans++;
            return;
        }

        group.Add(Book.Ead[i], c.PvRevenue[i], c.PvEl[i], c.PvEc[i], c.PvReturn[i], c.NpvEva[i]);
    }
}

/// <summary>The per-loan lifetime columns.</summary>
internal sealed class LifetimeColumns(int n)
{
    public double[] Years { get; } = new double[n];
    public double[] Ftp { get; } = new double[n];
    public double[] NpvEva { get; } = new double[n];
    public double[] LifetimeRaroc { get; } = new double[n];
    public double[] PvRevenue { get; } = new double[n];
    public double[] PvEl { get; } = new double[n];
    public double[] PvEc { get; } = new double[n];
    public double[] PvReturn { get; } = new double[n];
    public double[] BreakEvenRate { get; } = new double[n];
    public double[] BreakEvenFunding { get; } = new double[n];
    public double[] BreakEvenEl { get; } = new double[n];
    public double[] BreakEvenCost { get; } = new double[n];
    public double[] BreakEvenCapital { get; } = new double[n];
}
