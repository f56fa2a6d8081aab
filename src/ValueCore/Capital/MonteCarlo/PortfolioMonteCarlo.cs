using ValueCore.Internal;

namespace ValueCore.Capital.MonteCarlo;

/// <summary>
/// Portfolio economic capital by Monte Carlo in a Gaussian or Student-t copula default model, with Euler allocation
/// of expected shortfall, VaR and standard deviation to every loan, and optional importance sampling.
/// </summary>
/// <remarks>
/// <para>Model: obligor i defaults when A_i = b_i' Z + sqrt(1 - b_i' Sigma b_i) eps_i &lt; G(PD_i) (one factor by default,
/// b_i = sqrt(R_i) with R_i the IRB correlation of Basel II para 272 and 328-330); loss = sum of EAD x LGD of the
/// defaulted obligors' loans. Random numbers come from Philox4x32-10 (Salmon et al., SC11) keyed by the seed and
/// counted by (scenario, obligor or factor), so results are bit-identical for any thread count.</para>
/// <para>Two passes: the first keeps each scenario's loss and weight (S doubles each) and exact per-obligor sums for
/// the covariance contributions; the second regenerates only the tail and VaR-window scenarios for the ES and VaR
/// contributions. Importance sampling follows Glasserman and Li, "Importance sampling for portfolio credit risk",
/// Management Science 51(11), 2005. Formulas: docs/montecarlo.md.</para>
/// </remarks>
public static class PortfolioMonteCarlo
{
    private const int ChunkScenarios = ScenarioTiles.ChunkScenarios;
    private const int HistogramBins = 50;

    /// <summary>Runs the simulation.</summary>
    /// <param name="exposures">The loans and obligors.</param>
    /// <param name="options">Settings; null for <see cref="MonteCarloOptions.Default"/>.</param>
    /// <param name="progress">Receives the number of first-pass scenarios done so far (from worker threads); may be null.</param>
    /// <param name="cancellationToken">Stops the run (throws <see cref="OperationCanceledException"/>).</param>
    /// <returns>The result.</returns>
    /// <exception cref="DataValidationException">An obligor has no factor loadings in the factor model.</exception>
    /// <exception cref="InvalidOperationException">A numerical step failed (reported, never returned as NaN).</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public static MonteCarloResult Run(CreditExposures exposures, MonteCarloOptions? options = null, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exposures);
        options ??= MonteCarloOptions.Default;
        var model = ObligorModel.Build(exposures, options);
        var block = SimulateBlock(model, 0, options.Scenarios, options.MaxDegreeOfParallelism, progress, cancellationToken);
        return Finish(exposures, options, model, block, cancellationToken);
    }

    internal static ScenarioBlock SimulateBlock(ObligorModel model, long first, long count, int maxDegreeOfParallelism,
        IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (count > Array.MaxLength)
        {
            ThrowHelper.ArgumentOutOfRange(nameof(count), count, "[1, Array.MaxLength]");
        }

        int m = model.ObligorCount;
        var loss = new double[count];
        var weight = new double[count];

        // Without importance sampling every weight is 1, so sum w = sum w^2 and sum w l = sum w^2 l: three sums per
        // obligor (48 bytes, fewer cache lines per default event) instead of five, expanded exactly afterwards.
        bool plain = !model.ImportanceSampling;
        int per = plain ? 3 : ScenarioBlock.SumsPerObligor;
        var acc = new Int128[m * per];
        long chunks = (count + ChunkScenarios - 1) / ChunkScenarios;
        long done = 0;
        var gate = new object();
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        // One factor group without importance sampling (the default model): tiles of obligors x scenarios, same bits.
        bool tiled = plain && ScenarioTiles.Supports(model);
        ParallelRun(() => Workers(chunks, po,
            () => (Engine: new ScenarioEngine(model), Tiles: tiled ? new ScenarioTiles(model) : null, Sums: new Int128[acc.Length]),
            (c, local) =>
            {
                long start = c * ChunkScenarios;
                long end = Math.Min(count, start + ChunkScenarios);
                var sums = local.Sums;
                if (local.Tiles is { } tiles)
                {
                    tiles.Run(first + start, (int)(end - start), Norm(model), loss.AsSpan((int)start, (int)(end - start)), sums);
                    weight.AsSpan((int)start, (int)(end - start)).Fill(1.0);
                    progress?.Report(Interlocked.Add(ref done, end - start));
                    return;
                }

                for (long k = start; k < end; k++)
                {
                    var e = local.Engine;
                    e.Run(first + k);
                    loss[k] = e.Loss;
                    weight[k] = e.Weight;
                    if (e.DefaultCount == 0)
                    {
                        continue;
                    }

                    double w = e.Weight, l = e.Loss / Norm(model);
                    if (plain)
                    {
                        Int128 t0 = ExactSum.Ticks(1.0), t1 = ExactSum.Ticks(l), t4 = ExactSum.Ticks(l * l);
                        foreach (int o in e.Defaulted)
                        {
                            int b = o * 3;
                            sums[b] = checked(sums[b] + t0);
                            sums[b + 1] = checked(sums[b + 1] + t1);
                            sums[b + 2] = checked(sums[b + 2] + t4);
                        }

                        continue;
                    }

                    Int128 u0 = ExactSum.Ticks(w), u1 = ExactSum.Ticks(w * l), u2 = ExactSum.Ticks(w * w),
                        u3 = ExactSum.Ticks(w * w * l), u4 = ExactSum.Ticks(w * w * l * l);
                    foreach (int o in e.Defaulted)
                    {
                        int b = o * ScenarioBlock.SumsPerObligor;
                        sums[b] = checked(sums[b] + u0);
                        sums[b + 1] = checked(sums[b + 1] + u1);
                        sums[b + 2] = checked(sums[b + 2] + u2);
                        sums[b + 3] = checked(sums[b + 3] + u3);
                        sums[b + 4] = checked(sums[b + 4] + u4);
                    }
                }

                long total = Interlocked.Add(ref done, end - start);
                progress?.Report(total);
            },
            local =>
            {
                lock (gate)
                {
                    ExactSum.AddInto(acc, local.Sums);
                }
            }));
        var sums = acc;
        if (plain)
        {
            sums = new Int128[m * ScenarioBlock.SumsPerObligor];
            for (int o = 0; o < m; o++)
            {
                int b = o * ScenarioBlock.SumsPerObligor;
                sums[b] = sums[b + 2] = acc[3 * o];
                sums[b + 1] = sums[b + 3] = acc[(3 * o) + 1];
                sums[b + 4] = acc[(3 * o) + 2];
            }
        }

        return new ScenarioBlock { First = first, Loss = loss, Weight = weight, Sums = sums };
    }

    /// <summary>Joins consecutive blocks (in scenario order) into one; per-obligor sums add exactly.</summary>
    internal static ScenarioBlock Combine(IReadOnlyList<ScenarioBlock> blocks)
    {
        long count = blocks.Sum(b => b.Count);
        var loss = new double[count];
        var weight = new double[count];
        var sums = new Int128[blocks[0].Sums.Length];
        long at = 0;
        foreach (var b in blocks)
        {
            if (b.First != blocks[0].First + at)
            {
                throw new ArgumentException("Blocks must be consecutive and in scenario order.", nameof(blocks));
            }

            b.Loss.CopyTo(loss, at);
            b.Weight.CopyTo(weight, at);
            ExactSum.AddInto(sums, b.Sums);
            at += b.Count;
        }

        return new ScenarioBlock { First = blocks[0].First, Loss = loss, Weight = weight, Sums = sums };
    }

    /// <summary>
    /// Runs chunks [0, chunks) on at most MaxDegreeOfParallelism workers, each with one local state for the whole loop
    /// (created once, merged once), taking the next chunk from a shared counter.
    /// </summary>
    /// <remarks>
    /// Parallel.For with thread-local state creates a new state for every replacement task it starts during the loop
    /// (every few hundred milliseconds per worker), and each state here holds per-obligor arrays (tens of megabytes on a
    /// large book): a long run then allocated and dropped hundreds of megabytes. The merge is exact integer addition,
    /// so which worker ran which chunk does not change any result.
    /// </remarks>
    internal static void Workers<TLocal>(long chunks, ParallelOptions po, Func<TLocal> init, Action<long, TLocal> body, Action<TLocal> merge)
    {
        if (chunks <= 0)
        {
            return;
        }

        int workers = po.MaxDegreeOfParallelism > 0 ? po.MaxDegreeOfParallelism : Environment.ProcessorCount;
        workers = (int)Math.Max(1, Math.Min(workers, chunks));
        long next = -1;
        Parallel.For(0, workers, po, _ =>
        {
            var local = init();
            long c;
            while ((c = Interlocked.Increment(ref next)) < chunks)
            {
                po.CancellationToken.ThrowIfCancellationRequested();
                body(c, local);
            }

            merge(local);
        });
    }

    /// <summary>Runs a parallel loop and rethrows a worker's exception as itself (not wrapped), overflow as a numerical failure.</summary>
    private static void ParallelRun(Action loop)
    {
        try
        {
            loop();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            var inner = e.InnerExceptions[0];
            if (inner is OverflowException)
            {
                throw new InvalidOperationException(
                    "A likelihood-ratio weight is too large for the exact per-obligor sums (the importance-sampling shift is far from this portfolio's tail).", inner);
            }

            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(inner).Throw();
        }
    }

    private static double Norm(ObligorModel model) => model.TotalLoss > 0.0 ? model.TotalLoss : 1.0;

    internal static MonteCarloResult Finish(CreditExposures exposures, MonteCarloOptions options, ObligorModel model, ScenarioBlock block,
        CancellationToken cancellationToken)
    {
        var loss = block.Loss;
        var weight = block.Weight;
        long s = loss.LongLength;
        double S = s;
        double q = options.Confidence;
        double norm = Norm(model);

        // Portfolio moments, summed in scenario order.
        NeumaierSum sumWL = default, sumWL2 = default, sumW2L2 = default;
        for (long k = 0; k < s; k++)
        {
            double w = weight[k], l = loss[k];
            sumWL.Add(w * l);
            sumWL2.Add(w * l * l);
            sumW2L2.Add(w * w * l * l);
        }

        double el = sumWL.Value / S;
        double elSe = Math.Sqrt(Math.Max(0.0, (sumW2L2.Value / S) - (el * el)) / S);
        double variance = Math.Max(0.0, (sumWL2.Value / S) - (el * el));
        double sd = Math.Sqrt(variance);

        var sorted = (double[])loss.Clone();
        var sortedW = (double[])weight.Clone();
        Array.Sort(sorted, sortedW);
        double Quantile(double level) => WeightedQuantile(sorted, sortedW, level);

        double var = Quantile(q);
        double QuantileSe(double level, double value)
        {
            NeumaierSum p = default, p2 = default;
            for (long k = 0; k < s; k++)
            {
                if (loss[k] >= value)
                {
                    p.Add(weight[k]);
                    p2.Add(weight[k] * weight[k]);
                }
            }

            double pt = p.Value / S;
            double sigma = Math.Sqrt(Math.Max(0.0, (p2.Value / S) - (pt * pt)) / S);
            // Half the quantile spread over [level - sigma, level + sigma], the levels kept in [0, 1]. The quantile is
            // non-decreasing in its level, so hi >= lo and the SE is >= 0. (Clamping to [0.5/S, 1 - 0.5/S] instead put
            // the upper level below the lower one when level - sigma > 1 - 0.5/S, as importance sampling allows, and
            // gave a negative SE.)
            double hi = Quantile(Math.Min(level + sigma, 1.0));
            double lo = Quantile(Math.Max(level - sigma, 0.0));
            return 0.5 * (hi - lo);
        }

        double varSe = QuantileSe(q, var);

        // Expected shortfall by the Acerbi-Tasche estimator: the losses strictly above the VaR with their weights, and
        // the VaR atom with the weight m - A that tops the tail up to its mass m = S (1 - q) (A = weight above the VaR).
        // SE: influence function of ES = VaR + E[(L - VaR)+] / (1 - q) (Rockafellar-Uryasev).
        NeumaierSum aboveW = default, aboveW2 = default, aboveWL = default, atomW = default, atomW2 = default, excess = default, excess2 = default;
        long tailCount = 0;
        for (long k = 0; k < s; k++)
        {
            double w = weight[k], l = loss[k];
            if (l > var)
            {
                double x = l - var;
                aboveW.Add(w);
                aboveW2.Add(w * w);
                aboveWL.Add(w * l);
                excess.Add(w * x);
                excess2.Add(w * w * x * x);
            }
            else if (l == var)
            {
                atomW.Add(w);
                atomW2.Add(w * w);
            }
            else
            {
                continue;
            }

            tailCount++;
        }

        double tailMass = ExpectedShortfallTail.TailMass(S, q);
        double es = ExpectedShortfallTail.Value(aboveWL, aboveW.Value, var, tailMass);
        double exMean = excess.Value / S;
        double esSe = Math.Sqrt(Math.Max(0.0, (excess2.Value / S) - (exMean * exMean)) / S) / (tailMass / S);
        var tail = new TailWeights(tailMass, aboveW.Value, aboveW2.Value, atomW.Value, atomW2.Value);

        var levels = options.QuantileLevels.Order().ToArray();
        var quantiles = new LossQuantile[levels.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            double v = Quantile(levels[i]);
            quantiles[i] = new LossQuantile(levels[i], v, QuantileSe(levels[i], v));
        }

        // VaR window [Q(q - delta), Q(q + delta)].
        double delta = options.EffectiveVarWindow;
        // Levels kept in [0, 1] (as for the quantile SE), so winLo <= winHi at any confidence.
        double winLo = Quantile(Math.Max(q - delta, 0.0));
        double winHi = Quantile(Math.Min(q + delta, 1.0));
        NeumaierSum winWL = default, winW2L2 = default;
        long winCount = 0;
        var replay = new List<long>();
        for (long k = 0; k < s; k++)
        {
            bool inTail = loss[k] >= var; // above the VaR or on its atom
            bool inWindow = loss[k] >= winLo && loss[k] <= winHi;
            if (inWindow)
            {
                double w = weight[k], l = loss[k] / norm;
                winCount++;
                winWL.Add(w * l);
                winW2L2.Add(w * w * l * l);
            }

            if ((inTail || inWindow) && loss[k] > 0.0)
            {
                replay.Add(k);
            }
        }

        // Second pass: regenerate the tail and window scenarios (no scenario x obligor storage).
        int m = model.ObligorCount;
        const int PerObligor = 7; // above the VaR: w, w^2; on the VaR atom: w, w^2; window: w, w^2, w^2 l
        var tailSums = new Int128[m * PerObligor];
        var gate = new object();
        var po = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        int replayChunks = (replay.Count + ChunkScenarios - 1) / ChunkScenarios;
        ParallelRun(() => Workers(replayChunks, po,
            () => (Engine: new ScenarioEngine(model), Sums: new Int128[tailSums.Length]),
            (c, local) =>
            {
                int end = (int)Math.Min(replay.Count, (c + 1) * ChunkScenarios);
                for (int r = (int)c * ChunkScenarios; r < end; r++)
                {
                    long k = replay[r];
                    var e = local.Engine;
                    e.Run(block.First + k);
                    if (e.Loss != loss[k] || e.Weight != weight[k])
                    {
                        throw new InvalidOperationException("A regenerated scenario differs from the first pass (internal error).");
                    }

                    double w = e.Weight, l = e.Loss / norm;
                    int tailAt = e.Loss > var ? 0 : e.Loss == var ? 2 : -1;
                    bool inWindow = e.Loss >= winLo && e.Loss <= winHi;
                    Int128 t0 = ExactSum.Ticks(w), t1 = ExactSum.Ticks(w * w), t2 = ExactSum.Ticks(w * w * l);
                    var acc = local.Sums;
                    foreach (int o in e.Defaulted)
                    {
                        int b = o * PerObligor;
                        if (tailAt >= 0)
                        {
                            acc[b + tailAt] = checked(acc[b + tailAt] + t0);
                            acc[b + tailAt + 1] = checked(acc[b + tailAt + 1] + t1);
                        }

                        if (inWindow)
                        {
                            acc[b + 4] = checked(acc[b + 4] + t0);
                            acc[b + 5] = checked(acc[b + 5] + t1);
                            acc[b + 6] = checked(acc[b + 6] + t2);
                        }
                    }
                }
            },
            local =>
            {
                lock (gate)
                {
                    ExactSum.AddInto(tailSums, local.Sums);
                }
            }));

        var loans = Allocate(model, block.Sums, tailSums, S, el / norm, sd / norm, tail, var, winWL.Value, winW2L2.Value);

        NeumaierSum elExact = default;
        for (int i = 0; i < model.LoanCount; i++)
        {
            loans.ElExact[i] = model.ObligorPd[model.LoanObligor[i]] * model.LoanLoss[i];
            elExact.Add(loans.ElExact[i]);
        }

        return new MonteCarloResult(exposures, options, loans)
        {
            El = elExact.Value,
            ElSimulated = el,
            ElSimulatedSe = elSe,
            StandardDeviation = sd,
            Var = var,
            VarSe = varSe,
            Es = es,
            EsSe = esSe,
            Quantiles = quantiles,
            Histogram = BuildHistogram(sorted, sortedW, S),
            TailScenarios = tailCount,
            WindowScenarios = winCount,
            FactorShift = [.. model.Shift],
        };
    }

    /// <summary>The ES tail: its mass m, and the weight sums (w, w^2) strictly above the VaR and on the VaR atom.</summary>
    private readonly record struct TailWeights(double Mass, double AboveW, double AboveW2, double AtomW, double AtomW2)
    {
        /// <summary>The weight (m - A) / m of the VaR atom in the ES.</summary>
        public double AtomWeight => ExpectedShortfallTail.AtomWeight(Mass, AboveW);

        /// <summary>The scenario weight per unit w in the ES on the atom, (m - A) / (m W_atom) (1/m above the VaR).</summary>
        public double AtomScale => AtomW > 0.0 ? AtomWeight / AtomW : 0.0;
    }

    private static LoanContributions Allocate(ObligorModel model, Int128[] firstPass, Int128[] secondPass, double s, double mean, double sd,
        TailWeights tail, double var, double winWL, double winW2L2)
    {
        int n = model.LoanCount, m = model.ObligorCount;
        var result = new LoanContributions(n);
        var ob = new double[m * 7]; // per obligor, as shares of the total loss per unit obligor share: el, es, esSe, var, varSe, sd, sdSe
        for (int o = 0; o < m; o++)
        {
            double ell = model.ObligorShare[o];
            int f = o * ScenarioBlock.SumsPerObligor, t = o * 7;
            double d0 = ExactSum.ToDouble(firstPass[f]), d1 = ExactSum.ToDouble(firstPass[f + 1]), d2 = ExactSum.ToDouble(firstPass[f + 2]),
                d3 = ExactSum.ToDouble(firstPass[f + 3]), d4 = ExactSum.ToDouble(firstPass[f + 4]);
            double a0 = ExactSum.ToDouble(secondPass[t]), a1 = ExactSum.ToDouble(secondPass[t + 1]);
            double e0 = ExactSum.ToDouble(secondPass[t + 2]), e1 = ExactSum.ToDouble(secondPass[t + 3]);
            double v0 = ExactSum.ToDouble(secondPass[t + 4]), v1 = ExactSum.ToDouble(secondPass[t + 5]), v2 = ExactSum.ToDouble(secondPass[t + 6]);
            var r = ob.AsSpan(o * 7, 7);

            // Everything below is per unit of the obligor's loss: the loan's figure is its loss amount times this.
            r[0] = d0 / s;
            {
                // ES_i = sum_s v_s 1_i,s with v_s = w_s / m above the VaR and w_s (m - A) / (m W_atom) on the atom (the
                // v_s sum to 1). SE: ratio estimator with the tail fixed, Var = sum_s v_s^2 (1_i,s - c)^2.
                double above = 1.0 / tail.Mass, atom = tail.AtomScale;
                double c = (a0 * above) + (tail.AtomW > 0.0 ? tail.AtomWeight * (e0 / tail.AtomW) : 0.0);
                double v2Defaulted = (a1 * above * above) + (e1 * atom * atom);
                double v2All = (tail.AboveW2 * above * above) + (tail.AtomW2 * atom * atom);
                double varC = (v2Defaulted * (1.0 - (2.0 * c))) + (c * c * v2All);
                r[1] = c;
                r[2] = Math.Sqrt(Math.Max(0.0, varC));
            }

            if (var > 0.0 && winWL > 0.0)
            {
                double rr = ell * v0 / winWL; // share of the window loss, as a fraction of the obligor share
                double varR = ((ell * ell * v1) - (2.0 * rr * ell * v2) + (rr * rr * winW2L2)) / (winWL * winWL);
                r[3] = ell > 0.0 ? v0 / winWL : 0.0;
                r[4] = ell > 0.0 ? Math.Sqrt(Math.Max(0.0, varR)) / ell : 0.0;
            }

            if (sd > 0.0)
            {
                double cov = (d1 - (mean * d0)) / s;
                double second = (d4 - (2.0 * mean * d3) + (mean * mean * d2)) / s;
                r[5] = cov / sd;
                r[6] = Math.Sqrt(Math.Max(0.0, second - (cov * cov)) / s) / sd;
            }
        }

        double norm = Norm(model);
        for (int i = 0; i < n; i++)
        {
            var r = ob.AsSpan(model.LoanObligor[i] * 7, 7);
            double amount = model.LoanLoss[i];
            result.El[i] = amount * r[0];
            result.Es[i] = amount * r[1];
            result.EsSe[i] = amount * r[2];
            result.Var[i] = var * (amount / norm) * r[3];
            result.VarSe[i] = var * (amount / norm) * r[4];
            result.Sd[i] = amount * r[5];
            result.SdSe[i] = amount * r[6];
        }

        return result;
    }

    /// <summary>The smallest loss x of the sample with (1/S) sum of the weights of losses strictly above x &lt;= 1 - level.</summary>
    /// <remarks>Without weights this is the order statistic L_(ceil(level S)).</remarks>
    internal static double WeightedQuantile(double[] sorted, double[] weight, double level)
    {
        double threshold = ((1.0 - level) * sorted.Length * (1.0 + 1e-12)) + 1e-9;
        double above = 0.0;
        double answer = sorted[^1];
        int i = sorted.Length - 1;
        while (i >= 0)
        {
            double v = sorted[i];
            if (above > threshold)
            {
                break;
            }

            answer = v;
            while (i >= 0 && sorted[i] == v)
            {
                above += weight[i];
                i--;
            }
        }

        return answer;
    }

    private static LossHistogramBin[] BuildHistogram(double[] sorted, double[] weight, double s)
    {
        double max = sorted[^1];
        if (max <= 0.0)
        {
            return [new LossHistogramBin(0.0, 0.0, weight.Sum() / s)];
        }

        var p = new NeumaierSum[HistogramBins];
        double width = max / HistogramBins;
        for (int k = 0; k < sorted.Length; k++)
        {
            int b = Math.Min(HistogramBins - 1, (int)(sorted[k] / width));
            p[b].Add(weight[k]);
        }

        var bins = new LossHistogramBin[HistogramBins];
        for (int b = 0; b < HistogramBins; b++)
        {
            bins[b] = new LossHistogramBin(b * width, b == HistogramBins - 1 ? max : (b + 1) * width, p[b].Value / s);
        }

        return bins;
    }
}
