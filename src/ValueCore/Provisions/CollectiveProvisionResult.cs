namespace ValueCore.Provisions;

/// <summary>The migration-model collective provisions of a book (<see cref="CollectiveProvision.Run"/>): per-loan columns in
/// book order and totals by classification and by segment.</summary>
public sealed class CollectiveProvisionResult
{
    private readonly string[] _loanId;
    private readonly double[] _pd;
    private readonly double?[] _provision;
    private readonly CollectiveProvisionStatus[] _status;

    internal CollectiveProvisionResult(string[] loanId, double[] pd, double?[] provision, CollectiveProvisionStatus[] status,
        IReadOnlyList<CollectiveProvisionTotal> byClass, IReadOnlyList<CollectiveProvisionTotal> bySegment, double total)
    {
        _loanId = loanId;
        _pd = pd;
        _provision = provision;
        _status = status;
        ByClass = byClass;
        BySegment = bySegment;
        Total = total;
    }

    /// <summary>The number of loans.</summary>
    public int Count => _loanId.Length;

    /// <summary>Identifiers, in book order.</summary>
    public ReadOnlySpan<string> LoanId => _loanId;

    /// <summary>PD_h of each loan's state, a fraction (1 for a default state).</summary>
    public ReadOnlySpan<double> PD => _pd;

    /// <summary>The provision of each loan (currency); null for a loan left to individual assessment.</summary>
    public ReadOnlySpan<double?> Provision => _provision;

    /// <summary>How each loan was treated.</summary>
    public ReadOnlySpan<CollectiveProvisionStatus> Status => _status;

    /// <summary>Totals by segment and classification (the classifications with loans), in ordinal order of both.</summary>
    public IReadOnlyList<CollectiveProvisionTotal> ByClass { get; }

    /// <summary>Totals by segment (<see cref="CollectiveProvisionTotal.Classification"/> null), in ordinal order.</summary>
    public IReadOnlyList<CollectiveProvisionTotal> BySegment { get; }

    /// <summary>The total provision: the segment totals added in segment order (currency).</summary>
    public double Total { get; }
}
