using ValueCore.Internal;

namespace ValueCore.Provisions;

/// <summary>IFRS 9 staging, expected credit loss, loss allowance and the allowance movement of a book in memory: the
/// engine of <c>valuecore provision ecl</c>, which calls the same per-loan rule on each chunk it reads.</summary>
/// <remarks>
/// <para>Per loan (docs/provisions.md): the segment's model (else the fallback) and the classification's state select a cumulative
/// PD curve per scenario; <see cref="ExpectedCreditLoss"/> gives 12-month and lifetime PD and ECL at the ECL LGD (the book's LGD
/// where none is given); the figures are weighted by the scenarios' probabilities; <see cref="Staging.Assign"/> stages the loan on
/// the weighted lifetime PD; <see cref="ExpectedCreditLoss.Allowance"/> gives its allowance (and its allowance under each scenario).</para>
/// <para>Totals are compensated sums over chunks of 8,192 loans (the batch's chunk) reduced in order: the figures are the same for
/// any thread count, and equal to those the CLI writes for the same book read from a file without rejected rows.</para>
/// </remarks>
public static class EclCalculator
{
    /// <summary>Loans per chunk: the batch reader's records per chunk, so that the totals are reduced in the same order.</summary>
    internal const int ChunkSize = 8192;

    /// <summary>Stages and measures every loan of a book.</summary>
    /// <param name="book">The book.</param>
    /// <param name="options">The models and parameters.</param>
    /// <returns>Per-loan stages, ECLs and allowances with their totals.</returns>
    /// <exception cref="ArgumentException">The options are inconsistent (no model, curves not one per scenario or not on the
    /// model's states and periods, weights not in [0, 1] summing to 1), or a loan has no model, a classification that is not a
    /// state of its model, or a remaining term beyond its model's curves (the first ten are named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The periods per year or the prepayment rate is outside its range.</exception>
    public static EclBookResult Run(EclBook book, EclOptions options) => RunCore(book, options, null);

    /// <summary>Stages and measures every loan of a book and the movement of the allowance from an opening book.</summary>
    /// <param name="book">The book at the reporting date.</param>
    /// <param name="options">The models and parameters.</param>
    /// <param name="opening">The result of the book at the previous reporting date (loans matched by identifier).</param>
    /// <returns>As <see cref="Run(EclBook, EclOptions)"/>, with <see cref="EclBookResult.Movement"/>.</returns>
    /// <exception cref="ArgumentException">As <see cref="Run(EclBook, EclOptions)"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Run(EclBook, EclOptions)"/>.</exception>
    public static EclBookResult Run(EclBook book, EclOptions options, EclBookResult opening)
    {
        ArgumentNullException.ThrowIfNull(opening);
        return RunCore(book, options, opening);
    }

    private static EclBookResult RunCore(EclBook book, EclOptions options, EclBookResult? opening)
    {
        ArgumentNullException.ThrowIfNull(book);
        var engine = EclEngine.Create(options);
        if (options.MaxDegreeOfParallelism == 0 || options.MaxDegreeOfParallelism < -1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism -1 or positive");
        }

        if (options.Scenarios.Count > 0)
        {
            double sum = 0;
            foreach (var s in options.Scenarios)
            {
                if (!(s.Weight >= 0 && s.Weight <= 1))
                {
                    ThrowHelper.Argument(nameof(options), FormattableString.Invariant($"The weight of scenario '{s.Name}' ({s.Weight:R}) is outside [0, 1]."));
                }

                sum += s.Weight;
            }

            if (Math.Abs(sum - 1) > 1e-9)
            {
                ThrowHelper.Argument(nameof(options), FormattableString.Invariant($"The scenario weights sum to {sum:R}, not 1."));
            }
        }

        int n = book.Count;
        var models = new EclModelRuntime[n];
        var states = new int[n];
        var problems = new List<string>();
        int problemCount = 0;
        var segments = book.Segment;
        var cls = book.Classification;
        var remaining = book.RemainingYears;
        for (int i = 0; i < n; i++)
        {
            string? problem = null;
            var model = engine.ModelOf(segments[i]);
            if (model is null)
            {
                problem = $"segment '{segments[i]}' {ProvisionRules.NoModelRule}";
            }
            else if ((states[i] = model.States.IndexOf(cls[i])) < 0)
            {
                problem = $"classification '{cls[i]}' {ProvisionRules.NotAState(segments[i], model.States.StatesText)}";
            }
            else if (remaining[i] > model.HorizonYears + ExpectedCreditLoss.WholePeriodTolerance)
            {
                problem = FormattableString.Invariant($"remaining term {remaining[i]:R} ") + ProvisionRules.BeyondHorizon(model.HorizonYears, segments[i]);
            }

            models[i] = model!;
            if (problem is not null && problemCount++ < 10)
            {
                problems.Add($"loan {i + 1} ({book.LoanId[i]}): {problem}");
            }
        }

        if (problemCount > 0)
        {
            ThrowHelper.Argument(nameof(book), FormattableString.Invariant($"{problemCount} loans cannot be measured: {string.Join("; ", problems)}{(problemCount > 10 ? "; ..." : "")}."));
        }

        int sCount = engine.ScenarioCount;
        var stage = new int[n];
        var reason = new StageReason[n];
        double[] pd12 = new double[n], pdLife = new double[n], ecl12 = new double[n], eclLife = new double[n], lgdUsed = new double[n], allowance = new double[n];
        var scenarioAllowance = new double[n * sCount];
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var partials = new EclTotals[chunks];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, c =>
        {
            var totals = new EclTotals(sCount);
            var s12 = new double[sCount];
            var sLife = new double[sCount];
            var ead = book.Ead;
            var lgd = book.Lgd;
            var eclLgd = book.EclLgd;
            var eir = book.Eir;
            var profile = book.Profile;
            var rem = book.RemainingYears;
            var overrides = book.StageOverride;
            var dpd = book.DaysPastDue;
            var pdOrig = book.OriginationPD;
            var impairment = book.Impairment;
            var seg = book.Segment;
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                bool fallback = eclLgd[i] is null;
                double l = eclLgd[i] ?? lgd[i];
                var into = scenarioAllowance.AsSpan(i * sCount, sCount);
                var f = engine.Measure(models[i], states[i], overrides[i] ?? 0, dpd[i] ?? double.NaN, pdOrig[i] ?? double.NaN, impairment[i] ?? double.NaN,
                    ead[i], l, eir[i], profile[i], rem[i], s12, sLife, into);
                stage[i] = f.Assignment.Stage;
                reason[i] = f.Assignment.Reason;
                pd12[i] = f.Weighted.PD12Month;
                pdLife[i] = f.Weighted.PDLifetime;
                ecl12[i] = f.Weighted.Ecl12Month;
                eclLife[i] = f.Weighted.EclLifetime;
                lgdUsed[i] = l;
                allowance[i] = f.Allowance;
                totals.AddRow(totals.Segment(seg[i]), into, f.Assignment.Stage, ead[i], f.Allowance, rem[i], fallback);
            }

            partials[c] = totals;
        });

        var all = new EclTotals(sCount);
        foreach (var t in partials)
        {
            all.Merge(t);
        }

        IReadOnlyList<EclMovementLine>? movement = null;
        if (opening is not null)
        {
            var builder = new EclMovementBuilder<string>();
            var openIds = opening.LoanId;
            var openStage = opening.Stage;
            var openAllowance = opening.Allowance;
            for (int i = 0; i < opening.Count; i++)
            {
                builder.AddOpening(openIds[i], openStage[i], openAllowance[i]);
            }

            var ids = book.LoanId;
            for (int i = 0; i < n; i++)
            {
                builder.AddClosing(ids[i], stage[i], allowance[i]);
            }

            movement = builder.Finish();
        }

        var byStage = new EclStageTotal[3];
        for (int s = 1; s <= 3; s++)
        {
            byStage[s - 1] = new EclStageTotal(s, all.StageLoans[s], all.StageExposure[s].Value, all.StageEcl[s].Value);
        }

        var bySegment = all.Segments.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new EclSegmentTotal(p.Key, p.Value.Loans, p.Value.Exposure.Value, p.Value.Ecl[1].Value, p.Value.Ecl[2].Value, p.Value.Ecl[3].Value, p.Value.Ecl[0].Value))
            .ToArray();
        var scenarioTotals = options.Scenarios.Count == 0 ? [] : all.Scenario.Select(s => s.Value).ToArray();
        return new EclBookResult(book.LoanId.ToArray(), stage, reason, pd12, pdLife, ecl12, eclLife, lgdUsed, allowance, scenarioAllowance, sCount,
            [.. options.Scenarios], scenarioTotals, byStage, bySegment, all.Total, all.HorizonYears, all.LgdFallbacks, movement);
    }
}
