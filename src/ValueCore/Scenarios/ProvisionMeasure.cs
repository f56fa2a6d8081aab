using ValueCore.Internal;
using ValueCore.Migration;
using ValueCore.Portfolio;
using ValueCore.Provisions;

namespace ValueCore.Scenarios;

/// <summary>
/// Migration-model IFRS 9 provisions carried through a scenario run: each stressed book is staged and its 12-month / lifetime
/// expected credit loss computed from the cumulative PD curves of the scenario's migration model, as <c>valuecore provision ecl</c>
/// does for one model.
/// </summary>
/// <remarks>
/// <para>What acts on the measure (docs/scenarios.md, "Provisions under a scenario"):</para>
/// <list type="bullet">
/// <item>the scenario's <see cref="Scenario.Migration"/>, applied to the matrix M of every loan (its segment's matrix in
/// <see cref="ProvisionMeasureOptions.SegmentMatrices"/>, else the fallback <see cref="ProvisionMeasureOptions.Matrix"/>): none keeps
/// M; a Z-shift (Z_1, Z_2, ...) uses in year y the one-year matrix M(Z_y) = <see cref="ZShift.Condition"/>(M, ρ, Z_y) (Belkin,
/// Suchower and Forest 1998), each segment's matrix conditioned on the same Z, and after the last forecast year the forecast fades to M over
/// <see cref="ProvisionMeasureOptions.ReversionYears"/> years (<see cref="ZShift.YearModels"/>, IFRS 9 B5.5.50); a replacement matrix
/// uses that matrix for every year and every segment. The cumulative PD curves are
/// <see cref="PDCurveSet.Create(IReadOnlyList{ITransitionModel}, int, int)"/> of these year models, per matrix;</item>
/// <item>EAD shocks (multiply, credit conversion) through the stressed book's EAD (the EAD_t profile starts from it);</item>
/// <item>LGD shocks through the stressed book's LGD (LGD_t = LGD for every period, and LGD x EAD for stage 3 without an impairment);
/// a loan with an ECL LGD (<see cref="ProvisionTerms.EclLgd"/>, point-in-time: IFRS 9 5.5.17(a)) uses it instead, the scenario's LGD
/// shocks applied to it in the same way (same filters, kept in [0, 1]); capital measures keep the book's LGD.</item>
/// </list>
/// <para>PD shocks do not act: the ECL's PD term structure is the first-passage probability of the migration chain from the loan's
/// classification state, not the book's one-year IRB PD; a multiplier, shift, level or Z on that one-year PD defines no unique
/// change of a multi-year Markov curve (nor one shared by the loans of a state). Stress the provisions' PDs with the scenario's
/// migration shock. Rate shocks do not act (ECL is discounted at the loan's effective interest rate, IFRS 9 B5.5.44), nor do the
/// fee, cost and valuation-parameter changes.</para>
/// <para>Staging is redone under each scenario with its lifetime PD (the lifetime-PD test, IFRS 9 B5.5.11-13); stage overrides,
/// days past due, watch states and default states are as in the book. Figures per loan (all additive): <c>ecl</c>,
/// <c>ecl_stage1..3</c> (the allowance of the loans in that stage), <c>loans_stage1..3</c> (1 for the loan's stage),
/// <c>ead_stage1..3</c>. Evaluate the baseline and the scenarios one at a time (the measure caches curves per migration shock).</para>
/// </remarks>
public sealed class ProvisionMeasure : IScenarioMeasure
{
    private const int ChunkSize = 1 << 14;
    private static readonly string[] s_figures =
        ["ecl", "ecl_stage1", "ecl_stage2", "ecl_stage3", "loans_stage1", "loans_stage2", "loans_stage3", "ead_stage1", "ead_stage2", "ead_stage3"];

    private readonly ProvisionTerms _terms;
    private readonly ProvisionMeasureOptions _options;
    private readonly HashSet<string> _watch;
    private readonly int _years;
    private readonly TransitionMatrix[] _models;
    private readonly Dictionary<string, int> _segmentModel = new(StringComparer.Ordinal);
    private readonly int _fallback = -1;
    private readonly Dictionary<MigrationShock, PDCurveSet[]> _curves = [];
    private readonly Lock _lock = new();
    private PDCurveSet[]? _baseCurves;

    /// <summary>Creates the measure.</summary>
    /// <param name="terms">The loans' contract and staging inputs, in book order.</param>
    /// <param name="options">The migration matrix (or matrices per segment) and settings.</param>
    /// <exception cref="ArgumentException">Neither a matrix nor a segment matrix is given; a matrix has no absorbing (default) state;
    /// or a replacement matrix has other states than a matrix it replaces.</exception>
    /// <exception cref="ArgumentOutOfRangeException">ρ, the periods per year, the prepayment rate or a staging threshold is outside its range.</exception>
    public ProvisionMeasure(ProvisionTerms terms, ProvisionMeasureOptions options)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.SegmentMatrices);
        ArgumentNullException.ThrowIfNull(options.ReplacementMatrices);
        if (options.Matrix is null && options.SegmentMatrices.Count == 0)
        {
            ThrowHelper.Argument(nameof(options), "The provisions measure needs a migration matrix (Matrix) or matrices per segment (SegmentMatrices).");
        }

        var models = new List<TransitionMatrix>();
        var labels = new List<string>();
        if (options.Matrix is { } fallback)
        {
            _fallback = 0;
            models.Add(fallback);
            labels.Add("the migration matrix");
        }

        foreach (var (segment, m) in options.SegmentMatrices.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            ArgumentNullException.ThrowIfNull(m, nameof(options));
            _segmentModel[segment] = models.Count;
            models.Add(m);
            labels.Add($"the migration matrix of segment '{segment}'");
        }

        for (int k = 0; k < models.Count; k++)
        {
            var states = models[k].States;
            if (!Enumerable.Range(0, states.Count).Any(states.IsAbsorbing))
            {
                ThrowHelper.Argument(nameof(options), $"{Capitalise(labels[k])} ({states}) has no absorbing state: the provisions measure needs default states.");
            }

            foreach (var (name, r) in options.ReplacementMatrices)
            {
                if (!r.States.Equals(states))
                {
                    ThrowHelper.Argument(nameof(options), $"Replacement matrix '{name}' has states ({r.States}), not those of {labels[k]} ({states}), or other absorbing states (a replacement matrix replaces every segment's matrix).");
                }
            }
        }

        _models = [.. models];
        if (options.Rho is double rho && !(rho >= 0 && rho < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), rho, "Rho in [0, 1)");
        }

        if (options.ReversionYears is < 0 or > 100)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.ReversionYears, "ReversionYears in [0, 100]");
        }

        if (options.PeriodsPerYear is not (1 or 4 or 12))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.PeriodsPerYear, "PeriodsPerYear in {1, 4, 12}");
        }

        if (!(options.PrepaymentRate >= 0 && options.PrepaymentRate < 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.PrepaymentRate, "PrepaymentRate in [0, 1)");
        }

        if (options.MaxDegreeOfParallelism == 0 || options.MaxDegreeOfParallelism < -1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism -1 or positive");
        }

        Staging.Assign(0, false, false, double.NaN, 0, double.NaN, options.Staging); // validates the thresholds
        _terms = terms;
        _options = options;
        _watch = new HashSet<string>(options.WatchStates, StringComparer.Ordinal);
        double longest = 1;
        foreach (double t in terms.RemainingYears)
        {
            longest = Math.Max(longest, t);
        }

        _years = Math.Max(1, (int)Math.Ceiling(longest - ExpectedCreditLoss.WholePeriodTolerance));
    }

    /// <inheritdoc />
    public string Name => "provision";

    /// <inheritdoc />
    public IReadOnlyList<string> Figures => s_figures;

    /// <summary>The horizon of the PD curves in whole years: the longest remaining term, rounded up.</summary>
    public int HorizonYears => _years;

    /// <summary>Stages every loan of a stressed book and computes its ECL under the scenario's migration model.</summary>
    /// <param name="input">The stressed book (its EAD and LGD are used), options and scenario (its migration shock).</param>
    /// <returns>Per-loan stages, PDs and ECLs.</returns>
    /// <exception cref="ArgumentException">The book's size differs from the terms'; a segment has no matrix and there is no fallback
    /// (the message names the segments); a classification is not a state of its segment's matrix;
    /// the scenario names a replacement matrix the options lack, or shifts by Z without <see cref="ProvisionMeasureOptions.Rho"/>.</exception>
    /// <exception cref="InvalidOperationException">A projected or shifted matrix is not stochastic (numerical failure).</exception>
    public ScenarioProvisions Measure(StressedBook input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var book = input.Book;
        int n = book.Count;
        if (n != _terms.Count)
        {
            ThrowHelper.Argument(nameof(input), $"The book has {n} loans; the provision terms {_terms.Count}.");
        }

        // The model of each loan: its segment's matrix, else the fallback (segments do not change under a scenario).
        var model = new int[n];
        var state = new int[n];
        var segments = book.Segment;
        var cls = book.Classification;
        var missing = new List<string>();
        var unknown = new List<string>();
        string? lastSegment = null;
        int lastModel = -1;
        for (int i = 0; i < n; i++)
        {
            string segment = segments[i];
            if (!ReferenceEquals(segment, lastSegment))
            {
                lastSegment = segment;
                lastModel = _segmentModel.TryGetValue(segment, out int k) ? k : _fallback;
            }

            model[i] = lastModel;
            if (lastModel < 0)
            {
                if (missing.Count < 10 && !missing.Contains(segment))
                {
                    missing.Add(segment);
                }

                continue;
            }

            var states = _models[lastModel].States;
            state[i] = states.IndexOf(cls[i]);
            if (state[i] < 0 && unknown.Count < 10)
            {
                unknown.Add(_segmentModel.Count == 0
                    ? $"loan {i + 1} ({book.LoanId[i]}): '{cls[i]}'"
                    : $"loan {i + 1} ({book.LoanId[i]}): '{cls[i]}' (segment '{segment}': {states})");
            }
        }

        if (missing.Count > 0)
        {
            ThrowHelper.Argument(nameof(input), $"Segments with no migration matrix and no fallback matrix: {string.Join(", ", missing.Select(m => $"'{m}'"))}.");
        }

        if (unknown.Count > 0)
        {
            ThrowHelper.Argument(nameof(input), _segmentModel.Count == 0
                ? $"Classifications that are not states of the migration matrix ({_models[0].States}): {string.Join("; ", unknown)}."
                : $"Classifications that are not states of the migration matrix of their segment: {string.Join("; ", unknown)}.");
        }

        var curves = Curves(input.Scenario);
        double[]? eclLgd = _terms.EclLgdFallbacks == n ? null : input.Scenario.ShockLgd(input.Original, _terms.EclLgd);
        var stage = new int[n];
        var reason = new StageReason[n];
        double[] pd12 = new double[n], pdLife = new double[n], ecl12 = new double[n], eclLife = new double[n], ecl = new double[n], lgdUsed = new double[n];
        int p = _options.PeriodsPerYear;
        double prepay = _options.PrepaymentRate;
        var rules = _options.Staging;
        var terms = _terms;
        var models = _models;
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism }, c =>
        {
            var eir = terms.Eir;
            var profile = terms.Profile;
            var remaining = terms.RemainingYears;
            var overrides = terms.StageOverride;
            var dpd = terms.DaysPastDue;
            var pdOrig = terms.OriginationPD;
            var impairment = terms.Impairment;
            var ead = book.Ead;
            var lgd = book.Lgd;
            var clsArray = book.Classification;
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                int k = model[i];
                double l = eclLgd is null || double.IsNaN(eclLgd[i]) ? lgd[i] : eclLgd[i];
                lgdUsed[i] = l;
                var r = ExpectedCreditLoss.ComputeUnchecked(curves[k].Curve(state[i]), p, remaining[i], ead[i], l, eir[i], profile[i], prepay);
                var a = Staging.Assign(overrides[i], models[k].States.IsAbsorbing(state[i]), _watch.Contains(clsArray[i]), dpd[i],
                    Math.Min(1, Math.Max(0, r.PDLifetime)), pdOrig[i], rules);
                stage[i] = a.Stage;
                reason[i] = a.Reason;
                pd12[i] = r.PD12Month;
                pdLife[i] = r.PDLifetime;
                ecl12[i] = r.Ecl12Month;
                eclLife[i] = r.EclLifetime;
                ecl[i] = a.Stage switch
                {
                    1 => r.Ecl12Month,
                    2 => r.EclLifetime,
                    _ => double.IsNaN(impairment[i]) ? l * ead[i] : impairment[i],
                };
            }
        });

        return new ScenarioProvisions(input, _terms, stage, reason, pd12, pdLife, ecl12, eclLife, ecl, lgdUsed);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">As for <see cref="Measure"/>.</exception>
    /// <exception cref="InvalidOperationException">As for <see cref="Measure"/>.</exception>
    public IReadOnlyList<double[]> Evaluate(StressedBook input, PortfolioResult valuation) => FiguresOf(Measure(input));

    /// <summary>The per-loan figures of a measured book, in <see cref="Figures"/> order.</summary>
    internal static double[][] FiguresOf(ScenarioProvisions provisions)
    {
        int n = provisions.Count;
        var f = new double[s_figures.Length][];
        for (int k = 0; k < f.Length; k++)
        {
            f[k] = new double[n];
        }

        var stage = provisions.Stage;
        var ecl = provisions.Ecl;
        var ead = provisions.Input.Book.Ead;
        for (int i = 0; i < n; i++)
        {
            int s = stage[i];
            f[0][i] = ecl[i];
            f[s][i] = ecl[i];
            f[3 + s][i] = 1;
            f[6 + s][i] = ead[i];
        }

        return f;
    }

    private PDCurveSet[] Curves(Scenario scenario)
    {
        lock (_lock)
        {
            var shock = scenario.Migration;
            if (shock is null)
            {
                return _baseCurves ??= [.. _models.Select(m => PDCurveSet.Create(m, _options.PeriodsPerYear, _years))];
            }

            if (_curves.TryGetValue(shock, out var cached))
            {
                return cached;
            }

            PDCurveSet[] curves;
            if (shock.Matrix is string name)
            {
                if (!_options.ReplacementMatrices.TryGetValue(name, out var replacement))
                {
                    ThrowHelper.Argument(nameof(scenario), $"Scenario '{scenario.Name}' replaces the migration matrix by '{name}', which the provisions measure was not given.");
                }

                // A replacement replaces every segment's matrix: one curve set, shared.
                var replaced = PDCurveSet.Create([replacement], _options.PeriodsPerYear, _years);
                curves = [.. _models.Select(_ => replaced)];
            }
            else
            {
                if (_options.Rho is not double rho)
                {
                    ThrowHelper.Argument(nameof(scenario), $"Scenario '{scenario.Name}' shifts the migration matrix by Z: the provisions measure needs the asset correlation (ProvisionMeasureOptions.Rho).");
                    return null!;
                }

                curves = [.. _models.Select(m =>
                    PDCurveSet.Create(ZShift.YearModels(m, rho, shock.ZShiftByYear, _options.ReversionYears), _options.PeriodsPerYear, _years))];
            }

            _curves[shock] = curves;
            return curves;
        }
    }

    private static string Capitalise(string text) => string.Concat(text[..1].ToUpperInvariant(), text.AsSpan(1));
}
