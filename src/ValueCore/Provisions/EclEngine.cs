using ValueCore.Internal;

namespace ValueCore.Provisions;

/// <summary>The checked models of an ECL run and the per-loan measurement that <see cref="EclCalculator"/> and the
/// streaming batch share: one rule for staging, the probability-weighted ECL and the allowance of a loan.</summary>
internal sealed class EclEngine
{
    private EclEngine(Dictionary<string, EclModelRuntime> bySegment, EclModelRuntime? fallback, double[] weights, int scenarioCount,
        int periodsPerYear, double prepaymentRate, StagingRules staging)
    {
        BySegment = bySegment;
        Fallback = fallback;
        Weights = weights;
        ScenarioCount = scenarioCount;
        PeriodsPerYear = periodsPerYear;
        PrepaymentRate = prepaymentRate;
        Staging = staging;
    }

    public Dictionary<string, EclModelRuntime> BySegment { get; }

    public EclModelRuntime? Fallback { get; }

    public double[] Weights { get; }

    public int ScenarioCount { get; }

    public int PeriodsPerYear { get; }

    public double PrepaymentRate { get; }

    public StagingRules Staging { get; }

    /// <summary>The model of a segment (its own, else the fallback); null when it has none.</summary>
    public EclModelRuntime? ModelOf(string segment) => BySegment.GetValueOrDefault(segment) ?? Fallback;

    /// <summary>Checks the options and turns the models into state lookups shared by the workers.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The periods per year or the prepayment rate is outside its range.</exception>
    /// <exception cref="ArgumentException">No model; curves not one per scenario or not on the model's states and periods.</exception>
    public static EclEngine Create(EclOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(o.SegmentModels);
        ArgumentNullException.ThrowIfNull(o.Scenarios);
        ArgumentNullException.ThrowIfNull(o.WatchStates);
        ArgumentNullException.ThrowIfNull(o.Staging);
        if (o.PeriodsPerYear is not (1 or 4 or 12))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(o.PeriodsPerYear), o.PeriodsPerYear, "{1, 4, 12}");
        }

        if (!(o.PrepaymentRate >= 0 && o.PrepaymentRate < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(o.PrepaymentRate), o.PrepaymentRate, "[0, 1)");
        }

        if (o.Model is null && o.SegmentModels.Count == 0)
        {
            ThrowHelper.Argument(nameof(o), "A model is needed (Model or SegmentModels).");
        }

        int sCount = Math.Max(1, o.Scenarios.Count);
        var watch = new HashSet<string>(o.WatchStates, StringComparer.Ordinal);
        var lookups = new Dictionary<EclModel, EclModelRuntime>();
        EclModelRuntime Of(EclModel m)
        {
            if (!lookups.TryGetValue(m, out var r))
            {
                if (m.Curves.Count != sCount)
                {
                    ThrowHelper.Argument(nameof(o), FormattableString.Invariant($"Each model needs {sCount} curve sets (one per scenario), not {m.Curves.Count}."));
                }

                int periods = int.MaxValue;
                foreach (var c in m.Curves)
                {
                    if (c.PeriodsPerYear != o.PeriodsPerYear || !c.States.Equals(m.Model.States))
                    {
                        ThrowHelper.Argument(nameof(o), FormattableString.Invariant($"The curves must be on the model's states, with {o.PeriodsPerYear} periods a year."));
                    }

                    periods = Math.Min(periods, c.Periods);
                }

                r = new EclModelRuntime(new StateLookup(m.Model, watch), [.. m.Curves], periods / (double)o.PeriodsPerYear);
                lookups[m] = r;
            }

            return r;
        }

        var bySegment = new Dictionary<string, EclModelRuntime>(StringComparer.Ordinal);
        foreach (var (segment, m) in o.SegmentModels)
        {
            bySegment[segment] = Of(m);
        }

        var weights = o.Scenarios.Count == 0 ? [1.0] : o.Scenarios.Select(s => s.Weight).ToArray();
        return new EclEngine(bySegment, o.Model is null ? null : Of(o.Model), weights, sCount, o.PeriodsPerYear, o.PrepaymentRate, o.Staging);
    }

    /// <summary>Measures one valid loan: the model figures per scenario, probability-weighted, staging on the weighted
    /// lifetime PD, and the allowance of its stage (weighted, and per scenario into <paramref name="scenarioAllowance"/>).</summary>
    /// <param name="model">The loan's model.</param>
    /// <param name="state">The index of the loan's classification among the model's states.</param>
    /// <param name="stageOverride">The stage given (1..3) or 0.</param>
    /// <param name="dpd">Days past due or NaN.</param>
    /// <param name="pdOrigination">The lifetime PD expected at origination or NaN.</param>
    /// <param name="impairment">The individual impairment of a stage-3 loan or NaN.</param>
    /// <param name="ead">The exposure.</param>
    /// <param name="lgd">The ECL LGD (ecl_lgd, else the book's LGD).</param>
    /// <param name="eir">The effective interest rate.</param>
    /// <param name="profile">The amortisation profile.</param>
    /// <param name="remaining">The remaining term in years (within the model's horizon).</param>
    /// <param name="scratch12">Scratch of the scenario count.</param>
    /// <param name="scratchLife">Scratch of the scenario count.</param>
    /// <param name="scenarioAllowance">Receives the allowance per scenario.</param>
    /// <returns>The weighted figures, stage, reason and allowance.</returns>
    public EclLoanFigures Measure(EclModelRuntime model, int state, int stageOverride, double dpd, double pdOrigination, double impairment,
        double ead, double lgd, double eir, EadProfile profile, double remaining, Span<double> scratch12, Span<double> scratchLife,
        Span<double> scenarioAllowance)
    {
        int sCount = ScenarioCount;
        var weights = Weights;
        int p = PeriodsPerYear;
        double prepay = PrepaymentRate;
        double w0 = 0, w1 = 0, w2 = 0, w3 = 0;
        for (int k = 0; k < sCount; k++)
        {
            var f = ExpectedCreditLoss.ComputeUnchecked(model.Curves[k].Curve(state), p, remaining, ead, lgd, eir, profile, prepay);
            scratch12[k] = f.Ecl12Month;
            scratchLife[k] = f.EclLifetime;
            double w = weights[k];
            w0 += w * f.PD12Month;
            w1 += w * f.PDLifetime;
            w2 += w * f.Ecl12Month;
            w3 += w * f.EclLifetime;
        }

        var a = Provisions.Staging.Assign(stageOverride, model.States.Absorbing[state], model.States.Watch[state], dpd, Math.Min(1, Math.Max(0, w1)), pdOrigination, Staging);
        double allowance = ExpectedCreditLoss.AllowanceUnchecked(a.Stage, w2, w3, lgd, ead, impairment);
        for (int k = 0; k < sCount; k++)
        {
            scenarioAllowance[k] = ExpectedCreditLoss.AllowanceUnchecked(a.Stage, scratch12[k], scratchLife[k], lgd, ead, impairment);
        }

        return new EclLoanFigures(a, new EclResult(w0, w1, w2, w3), allowance);
    }
}

/// <summary>A model of an ECL run: its states (with default and watch flags), curves per scenario and horizon in years.</summary>
internal sealed record EclModelRuntime(StateLookup States, PDCurveSet[] Curves, double HorizonYears);

/// <summary>The weighted figures of one measured loan.</summary>
internal readonly record struct EclLoanFigures(StageAssignment Assignment, EclResult Weighted, double Allowance);

/// <summary>A segment's totals of an ECL run.</summary>
internal sealed class EclSegmentTotals
{
    public long Loans;
    public NeumaierSum Exposure;
    public readonly NeumaierSum[] Ecl = new NeumaierSum[4]; // 0 = all stages, 1..3 by stage
}

/// <summary>The totals of an ECL run or of one chunk of it: compensated sums added in row order, reduced chunk by chunk in order.</summary>
internal sealed class EclTotals(int scenarios)
{
    public long[] StageLoans { get; } = new long[4];
    public NeumaierSum[] StageExposure { get; } = new NeumaierSum[4];
    public NeumaierSum[] StageEcl { get; } = new NeumaierSum[4];
    public NeumaierSum[] Scenario { get; } = new NeumaierSum[scenarios];
    public Dictionary<string, EclSegmentTotals> Segments { get; } = new(StringComparer.Ordinal);
    public double MaxRemaining { get; set; }

    /// <summary>Measured loans whose ECL took the book's lgd because the ECL LGD was not given.</summary>
    public long LgdFallbacks { get; set; }

    /// <summary>The total allowance: the stage totals added in stage order.</summary>
    public double Total
    {
        get
        {
            double total = 0;
            for (int s = 1; s <= 3; s++)
            {
                total += StageEcl[s].Value;
            }

            return total;
        }
    }

    /// <summary>The horizon in whole years: the longest remaining term rounded up, at least 1.</summary>
    public int HorizonYears => Math.Max(1, (int)Math.Ceiling(MaxRemaining - ExpectedCreditLoss.WholePeriodTolerance));

    public void Clear()
    {
        LgdFallbacks = 0;
        Array.Clear(StageLoans);
        Array.Clear(StageExposure);
        Array.Clear(StageEcl);
        Array.Clear(Scenario);
        Segments.Clear();
        MaxRemaining = 0;
    }

    /// <summary>The totals of a segment, created on first use.</summary>
    public EclSegmentTotals Segment(string segment)
    {
        if (!Segments.TryGetValue(segment, out var into))
        {
            into = new EclSegmentTotals();
            Segments[segment] = into;
        }

        return into;
    }

    /// <summary>One measured row into the totals (the same sums, in row order, whether measured or rebuilt).</summary>
    public void AddRow(EclSegmentTotals segment, ReadOnlySpan<double> scenarioEcl, int stage, double ead, double ecl, double remaining, bool lgdFallback)
    {
        if (lgdFallback)
        {
            LgdFallbacks++;
        }

        for (int k = 0; k < scenarioEcl.Length; k++)
        {
            Scenario[k].Add(scenarioEcl[k]);
        }

        StageLoans[stage]++;
        StageExposure[stage].Add(ead);
        StageEcl[stage].Add(ecl);
        segment.Loans++;
        segment.Exposure.Add(ead);
        segment.Ecl[stage].Add(ecl);
        segment.Ecl[0].Add(ecl);
        MaxRemaining = Math.Max(MaxRemaining, remaining);
    }

    /// <summary>Adds a chunk's totals (in chunk order).</summary>
    public void Merge(EclTotals t)
    {
        for (int s = 0; s < 4; s++)
        {
            StageLoans[s] += t.StageLoans[s];
        }

        Merge(StageExposure, t.StageExposure);
        Merge(StageEcl, t.StageEcl);
        Merge(Scenario, t.Scenario);
        foreach (var (name, a) in t.Segments)
        {
            var into = Segment(name);
            into.Loans += a.Loans;
            into.Exposure.Add(in a.Exposure);
            Merge(into.Ecl, a.Ecl);
        }

        MaxRemaining = Math.Max(MaxRemaining, t.MaxRemaining);
        LgdFallbacks += t.LgdFallbacks;
    }

    private static void Merge(NeumaierSum[] into, NeumaierSum[] from)
    {
        for (int i = 0; i < into.Length; i++)
        {
            into[i].Add(in from[i]);
        }
    }
}

/// <summary>The movement of the allowance from an opening book to a closing one (IFRS 7 35H), matched by a loan key:
/// rows opening, transfer to stage 1..3, new, derecognised, remeasurement, closing; columns stage 1..3.</summary>
internal sealed class EclMovementBuilder<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _index = [];
    private readonly List<byte> _stage = [];
    private readonly List<double> _ecl = [];
    private readonly NeumaierSum[] _opening = new NeumaierSum[4];
    private readonly NeumaierSum[] _mv = new NeumaierSum[8 * 4];
    private bool[] _seen = [];

    /// <summary>One opening loan (the first occurrence of a key counts).</summary>
    public void AddOpening(TKey key, int stage, double allowance)
    {
        if (_index.TryAdd(key, _stage.Count))
        {
            _stage.Add((byte)stage);
            _ecl.Add(allowance);
            _opening[stage].Add(allowance);
        }
    }

    /// <summary>One closing loan, in closing-book order.</summary>
    public void AddClosing(TKey key, int b, double ecl)
    {
        if (_seen.Length != _stage.Count)
        {
            _seen = new bool[_stage.Count];
        }

        _mv[(7 * 4) + b].Add(ecl);
        if (!_index.TryGetValue(key, out int o))
        {
            _mv[(4 * 4) + b].Add(ecl);
            return;
        }

        _seen[o] = true;
        int a = _stage[o];
        if (a != b)
        {
            _mv[(b * 4) + a].Add(-_ecl[o]);
            _mv[(b * 4) + b].Add(_ecl[o]);
        }

        _mv[(6 * 4) + b].Add(ecl - _ecl[o]);
    }

    /// <summary>Closes the report: the opening line and the derecognised opening loans; call once, after the closing loans.</summary>
    public IReadOnlyList<EclMovementLine> Finish()
    {
        if (_seen.Length != _stage.Count)
        {
            _seen = new bool[_stage.Count];
        }

        for (int s = 1; s <= 3; s++)
        {
            _mv[s].Add(in _opening[s]);
        }

        for (int o = 0; o < _seen.Length; o++)
        {
            if (!_seen[o])
            {
                _mv[(5 * 4) + _stage[o]].Add(-_ecl[o]);
            }
        }

        var lines = new EclMovementLine[8];
        for (int r = 0; r < lines.Length; r++)
        {
            lines[r] = new EclMovementLine((EclMovementKind)r, _mv[(r * 4) + 1].Value, _mv[(r * 4) + 2].Value, _mv[(r * 4) + 3].Value);
        }

        return lines;
    }
}
