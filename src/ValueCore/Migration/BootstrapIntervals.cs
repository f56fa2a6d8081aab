namespace ValueCore.Migration;

/// <summary>Percentile bootstrap confidence intervals for every matrix entry and every cumulative PD.</summary>
public sealed class BootstrapIntervals
{
    internal BootstrapIntervals(StateSpace states, BootstrapKind kind, int replicates, double confidence, int years, double[] lower, double[] upper, double[] pdLower, double[] pdUpper)
    {
        States = states;
        Kind = kind;
        Replicates = replicates;
        Confidence = confidence;
        Years = years;
        _lower = lower;
        _upper = upper;
        _pdLower = pdLower;
        _pdUpper = pdUpper;
    }

    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly double[] _pdLower;
    private readonly double[] _pdUpper;

    /// <summary>The states.</summary>
    public StateSpace States { get; }

    /// <summary>What was resampled: entities or whole periods.</summary>
    public BootstrapKind Kind { get; }

    /// <summary>The number of bootstrap replicates.</summary>
    public int Replicates { get; }

    /// <summary>The two-sided confidence level (e.g. 0.95).</summary>
    public double Confidence { get; }

    /// <summary>The number of years of the PD intervals.</summary>
    public int Years { get; }

    /// <summary>The lower bound of matrix entry (i, j).</summary>
    /// <param name="from">The starting state index.</param>
    /// <param name="to">The ending state index.</param>
    /// <returns>The (1 - confidence) / 2 percentile.</returns>
    public double MatrixLower(int from, int to) => _lower[(from * States.Count) + to];

    /// <summary>The upper bound of matrix entry (i, j).</summary>
    /// <param name="from">The starting state index.</param>
    /// <param name="to">The ending state index.</param>
    /// <returns>The (1 + confidence) / 2 percentile.</returns>
    public double MatrixUpper(int from, int to) => _upper[(from * States.Count) + to];

    /// <summary>The lower bound of the cumulative PD from a state after a number of years.</summary>
    /// <param name="state">The starting state index.</param>
    /// <param name="year">The year, in [1, <see cref="Years"/>].</param>
    /// <returns>The lower percentile.</returns>
    public double CumulativePDLower(int state, int year) => _pdLower[(state * Years) + year - 1];

    /// <summary>The upper bound of the cumulative PD from a state after a number of years.</summary>
    /// <param name="state">The starting state index.</param>
    /// <param name="year">The year, in [1, <see cref="Years"/>].</param>
    /// <returns>The upper percentile.</returns>
    public double CumulativePDUpper(int state, int year) => _pdUpper[(state * Years) + year - 1];
}
