namespace ValueCore.Impairment;

/// <summary>
/// Validated expected cash flows, columnar: per row only the day number and the net amount (12 bytes), in blocks;
/// consecutive rows of one scenario (same loan, estimate date, name and probability, on consecutive lines) share one
/// <see cref="Run"/>. Rows keep input order. Written by one thread; blocks of finished writers are appended in order.
/// </summary>
internal sealed class FlowRuns
{
    private readonly int _blockSize;
    private int[] _day = [];
    private double[] _amount = [];
    private int _used;
    private bool _open;
    private Run _run;
    private int _runCount;
    private long _nextLine;
    private long _nextOrdinal;

    public FlowRuns(int blockSize) => _blockSize = Math.Max(1, blockSize);

    /// <summary>Day-number blocks; <see cref="BlockUsed"/> rows of each are filled.</summary>
    public List<int[]> DayBlocks { get; } = [];

    public List<double[]> AmountBlocks { get; } = [];

    public List<int> BlockUsed { get; } = [];

    public List<Run> Runs { get; } = [];

    /// <summary>The number of rows.</summary>
    public long Count { get; private set; }

    /// <summary>Appends one validated row.</summary>
    public void Add(int loan, int asOfDay, string scenario, double probability, long line, long ordinal, int day, double amount)
    {
        if (_used == _day.Length)
        {
            Close();
            _day = new int[_blockSize];
            _amount = new double[_blockSize];
            _used = 0;
            DayBlocks.Add(_day);
            AmountBlocks.Add(_amount);
            BlockUsed.Add(0);
        }

        if (!(_open && loan == _run.Loan && asOfDay == _run.AsOfDay && ReferenceEquals(scenario, _run.Scenario) && probability == _run.Probability
            && line == _nextLine && ordinal == _nextOrdinal))
        {
            Close();
            _run = new Run(loan, asOfDay, scenario, probability, line, ordinal, DayBlocks.Count - 1, _used, 0);
            _runCount = 0;
            _open = true;
        }

        _day[_used] = day;
        _amount[_used] = amount;
        _used++;
        _runCount++;
        BlockUsed[^1] = _used;
        _nextLine = line + 1;
        _nextOrdinal = ordinal + 1;
        Count++;
    }

    /// <summary>Ends the open run (call before reading <see cref="Runs"/>).</summary>
    public void Close()
    {
        if (_open)
        {
            Runs.Add(_run with { Count = _runCount });
            _open = false;
        }
    }

    /// <summary>Appends the (closed) rows and runs of another writer after these.</summary>
    public void Append(FlowRuns other)
    {
        Close();
        other.Close();
        int shift = DayBlocks.Count;
        DayBlocks.AddRange(other.DayBlocks);
        AmountBlocks.AddRange(other.AmountBlocks);
        BlockUsed.AddRange(other.BlockUsed);
        foreach (var r in other.Runs)
        {
            Runs.Add(r with { Block = r.Block + shift });
        }

        Count += other.Count;
        _day = [];
        _amount = [];
        _used = 0;
    }

    /// <summary>Consecutive rows of one scenario: row k (0-based) is on line FirstLine + k and has ordinal FirstOrdinal + k.</summary>
    public readonly record struct Run(int Loan, int AsOfDay, string Scenario, double Probability, long FirstLine, long FirstOrdinal, int Block, int Offset, int Count);
}
