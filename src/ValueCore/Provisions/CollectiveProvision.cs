using ValueCore.Internal;
using ValueCore.Migration;
using ValueCore.Portfolio;

namespace ValueCore.Provisions;

/// <summary>Migration-model collective provisions: provision = EAD x PD_h(state) x LGD, PD_h the probability of reaching
/// a default state within the loss-emergence period h.</summary>
/// <remarks>PD_h(i) = sum_{d default} [P(h)]_{i,d} with P(h) = <see cref="ITransitionModel.Over"/>(h): P^h for whole
/// periods of a matrix (linear interpolation within a period), exp(h Lambda) for a generator (exact for any h). The
/// default states are the model's absorbing states (choose them with <see cref="DefaultStates"/>), so PD_h is a
/// first-passage probability. Loans already in a default state are outside this method (individual assessment).</remarks>
public static class CollectiveProvision
{
    /// <summary>Loans per chunk: the batch reader's records per chunk, so that the totals are reduced in the same order.</summary>
    internal const int ChunkSize = EclCalculator.ChunkSize;

    /// <summary>The collective provisions of a book: per loan PD_h of its classification under its segment's model and its
    /// provision, with totals by classification and by segment (the engine of <c>valuecore provision migration</c>).</summary>
    /// <param name="book">The book: segment, classification (a state of the segment's model), EAD and LGD are used.</param>
    /// <param name="options">The models and parameters.</param>
    /// <returns>Per-loan PD_h, provision and status, and the totals.</returns>
    /// <exception cref="ArgumentException">No model is given, or a loan's segment has no model or its classification is not a
    /// state of the model (the first ten are named).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The horizon is outside (0, 1000], or the degree of parallelism is neither -1 nor positive.</exception>
    /// <exception cref="InvalidOperationException">A projected matrix is not stochastic (numerical failure).</exception>
    /// <remarks>Totals are compensated sums over chunks of 8,192 loans reduced in order, by state within a segment; a segment's
    /// total adds its states' sums in state order and the book's total the segments' in ordinal order, as the CLI does.</remarks>
    public static CollectiveProvisionResult Run(LoanBook book, CollectiveProvisionOptions options)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(options);
        int maxDegreeOfParallelism = options.MaxDegreeOfParallelism;
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(options), maxDegreeOfParallelism, "MaxDegreeOfParallelism -1 or positive");
        }

        var (bySegment, fallback) = CollectiveSegmentTotals.Models(options.SegmentModels, options.Model, options.HorizonYears);
        int n = book.Count;
        var models = new CollectiveModel[n];
        var states = new int[n];
        var problems = new List<string>();
        int problemCount = 0;
        for (int i = 0; i < n; i++)
        {
            string segment = book.Segment[i];
            string? problem = null;
            var model = bySegment.GetValueOrDefault(segment) ?? fallback;
            if (model is null)
            {
                problem = $"segment '{segment}' {ProvisionRules.NoModelRule}";
            }
            else if ((states[i] = model.States.IndexOf(book.Classification[i])) < 0)
            {
                problem = $"classification '{book.Classification[i]}' {ProvisionRules.NotAState(segment, model.States.StatesText)}";
            }

            models[i] = model!;
            if (problem is not null && problemCount++ < 10)
            {
                problems.Add($"loan {i + 1} ({book.LoanId[i]}): {problem}");
            }
        }

        if (problemCount > 0)
        {
            ThrowHelper.Argument(nameof(book), FormattableString.Invariant($"{problemCount} loans cannot be provisioned: {string.Join("; ", problems)}{(problemCount > 10 ? "; ..." : "")}."));
        }

        var pd = new double[n];
        var provision = new double?[n];
        var status = new CollectiveProvisionStatus[n];
        int chunks = (n + ChunkSize - 1) / ChunkSize;
        var partials = new Dictionary<string, CollectiveSegmentTotals>[chunks];
        bool atLgd = options.ProvisionDefaulted;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, c =>
        {
            var totals = new Dictionary<string, CollectiveSegmentTotals>(StringComparer.Ordinal);
            var ead = book.Ead;
            var lgd = book.Lgd;
            var segments = book.Segment;
            int end = Math.Min(n, (c + 1) * ChunkSize);
            for (int i = c * ChunkSize; i < end; i++)
            {
                var model = models[i];
                if (!totals.TryGetValue(segments[i], out var t))
                {
                    t = new CollectiveSegmentTotals(model);
                    totals[segments[i]] = t;
                }

                double p = CollectiveSegmentTotals.Measure(model, states[i], ead[i], lgd[i], atLgd, out status[i]);
                pd[i] = model.PD[states[i]];
                provision[i] = double.IsNaN(p) ? null : p;
                t.AddRow(states[i], ead[i], p);
            }

            partials[c] = totals;
        });

        var all = new Dictionary<string, CollectiveSegmentTotals>(StringComparer.Ordinal);
        foreach (var chunk in partials)
        {
            foreach (var (name, t) in chunk)
            {
                if (!all.TryGetValue(name, out var into))
                {
                    into = new CollectiveSegmentTotals(t.Model);
                    all[name] = into;
                }

                into.Merge(t);
            }
        }

        var ordered = all.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var byClass = new List<CollectiveProvisionTotal>();
        var bySegmentTotals = new List<CollectiveProvisionTotal>();
        double total = 0;
        foreach (var (name, t) in ordered)
        {
            var rows = new List<CollectiveProvisionTotal>();
            for (int k = 0; k < t.ByState.Length; k++)
            {
                if (t.ByState[k].Loans > 0)
                {
                    rows.Add(t.ByState[k].ToTotal(name, t.Model.States.Model.States[k]));
                }
            }

            byClass.AddRange(rows.OrderBy(r => r.Classification, StringComparer.Ordinal));
            var segmentTotal = t.Total().ToTotal(name, null);
            bySegmentTotals.Add(segmentTotal);
            total += segmentTotal.Provision;
        }

        return new CollectiveProvisionResult(book.LoanId.ToArray(), pd, provision, status, byClass, bySegmentTotals, total);
    }

    /// <summary>PD_h for every starting state.</summary>
    /// <param name="model">The migration model; its absorbing states are the default states.</param>
    /// <param name="horizonYears">The loss-emergence period h in years, in (0, 1000].</param>
    /// <returns>PD_h by state index (1 for a default state), fractions.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="horizonYears"/> is outside its range.</exception>
    /// <exception cref="InvalidOperationException">The projected matrix is not stochastic (numerical failure).</exception>
    public static double[] HorizonPD(ITransitionModel model, double horizonYears)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(horizonYears > 0 && horizonYears <= 1000))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(horizonYears), horizonYears, "(0, 1000]");
        }

        var p = model.Over(horizonYears);
        var pd = new double[p.Count];
        for (int i = 0; i < pd.Length; i++)
        {
            pd[i] = p.DefaultProbability(i);
        }

        return pd;
    }

    /// <summary>The provision of one loan.</summary>
    /// <param name="ead">The exposure, &gt;= 0 (currency).</param>
    /// <param name="pd">PD_h, a fraction in [0, 1].</param>
    /// <param name="lgd">The LGD, a fraction in [0, 1].</param>
    /// <returns>EAD x PD x LGD (currency).</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside its range.</exception>
    public static double Provision(double ead, double pd, double lgd)
    {
        if (!(ead >= 0 && double.IsFinite(ead)))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(ead), ead, "[0, inf)");
        }

        if (!(pd >= 0 && pd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(pd), pd, "[0, 1]");
        }

        if (!(lgd >= 0 && lgd <= 1))
        {
            ThrowHelper.ArgumentOutOfRange(nameof(lgd), lgd, "[0, 1]");
        }

        return ead * pd * lgd;
    }
}
