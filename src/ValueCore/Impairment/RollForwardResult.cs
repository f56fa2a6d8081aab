namespace ValueCore.Impairment;

/// <summary>
/// The allowance roll-forward of every loan over the roll-forward dates: per loan and period the opening allowance,
/// unwind, remeasurement, write-off and closing allowance, with the cash received, the interest income and the
/// closing gross and net carrying amounts. Values of loan i, period k are at index i x <see cref="PeriodCount"/> + k.
/// </summary>
public sealed class RollForwardResult
{
    internal RollForwardResult(ImpairmentResult initial, DateOnly[] dates, double[][] columns)
    {
        Initial = initial;
        _dates = dates;
        _columns = columns;
    }

    private readonly DateOnly[] _dates;
    private readonly double[][] _columns;

    /// <summary>The impairment at the reporting date the roll-forward starts from.</summary>
    public ImpairmentResult Initial { get; }

    /// <summary>The number of loans.</summary>
    public int Count => Initial.Count;

    /// <summary>The number of periods (roll-forward dates).</summary>
    public int PeriodCount => _dates.Length;

    /// <summary>The period end dates.</summary>
    public ReadOnlySpan<DateOnly> Dates => _dates;

    /// <summary>Allowance at the start of each period, in currency.</summary>
    public ReadOnlySpan<double> Opening => _columns[0];

    /// <summary>Unwind of the discount: minus the interest income on the net carrying amount (the allowance released to interest income), in currency, usually &lt;= 0.</summary>
    public ReadOnlySpan<double> Unwind => _columns[1];

    /// <summary>Remeasurement: the change of allowance from new expected cash flows (and the zero floor), in currency; &gt; 0 is a charge.</summary>
    public ReadOnlySpan<double> Remeasurement => _columns[2];

    /// <summary>Write-offs: the gross amount left when no further cash is expected, utilised against the allowance, in currency, &gt;= 0.</summary>
    public ReadOnlySpan<double> WriteOff => _columns[3];

    /// <summary>Allowance at the end of each period = opening + unwind + remeasurement - write-off, in currency.</summary>
    public ReadOnlySpan<double> Closing => _columns[4];

    /// <summary>Probability-weighted expected cash received in each period, in currency.</summary>
    public ReadOnlySpan<double> CashReceived => _columns[5];

    /// <summary>Interest income at the EIR on the net carrying amount over each period, in currency.</summary>
    public ReadOnlySpan<double> InterestIncome => _columns[6];

    /// <summary>Gross carrying amount at the end of each period (after cash and write-off), in currency.</summary>
    public ReadOnlySpan<double> GrossCarrying => _columns[7];

    /// <summary>Net carrying amount (gross - allowance) at the end of each period, in currency.</summary>
    public ReadOnlySpan<double> NetCarrying => _columns[8];
}
