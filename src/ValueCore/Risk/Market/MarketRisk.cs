using ValueCore.Internal;

namespace ValueCore.Risk.Market;

/// <summary>
/// Market risk capital from historical P&amp;L scenarios: standalone VaR and ES of every unit, VaR and ES of the bank
/// (the scenario-wise sum of the units' P&amp;L), and the Euler allocation of the bank's ES to the units.
/// </summary>
/// <remarks>
/// <para>Estimators: <see cref="HistoricalEstimator"/>. Bank loss in scenario s: L(s) = -sum over units of P&amp;L(u, s).
/// The tail scenarios are the bank's floor(m) + 1 largest losses, ties broken by scenario order (earlier first).</para>
/// <para>Euler contribution of unit u: C(u) = sum over tail ranks i of w(i) L_u(s_i), the tail-weighted average of
/// the unit's own loss in the bank's tail scenarios: the derivative of ES along the unit's position (Tasche 1999;
/// Hallerbach 2003). The bank's ES is reported as the compensated sum of the C(u), so the contributions add up to
/// it exactly as printed; it equals the direct estimate up to rounding.</para>
/// <para>Every figure is multiplied by <see cref="MarketRiskOptions.ScalingFactor"/> (square-root-of-time rule).</para>
/// </remarks>
public static class MarketRisk
{
    /// <summary>Computes VaR, ES and ES contributions.</summary>
    /// <param name="scenarios">The units' P&amp;L vectors.</param>
    /// <param name="options">Confidence, horizon and sensitivity settings; null for <see cref="MarketRiskOptions.Default"/>.</param>
    /// <returns>The result, deterministic for any thread count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="scenarios"/> is null.</exception>
    public static MarketRiskResult Compute(PnlScenarios scenarios, MarketRiskOptions? options)
    {
        ArgumentNullException.ThrowIfNull(scenarios);
        options ??= MarketRiskOptions.Default;
        int n = scenarios.ScenarioCount;
        int units = scenarios.Units.Count;
        double scale = options.ScalingFactor;
        double m = HistoricalEstimator.TailSizeUnchecked(n, options.Confidence);
        int f = (int)Math.Floor(m);
        var matrix = scenarios.Matrix;

        // Bank loss per scenario, units added in a fixed order.
        var bank = new double[n];
        for (int u = 0; u < units; u++)
        {
            var row = matrix.Slice(u * n, n);
            for (int s = 0; s < n; s++)
            {
                bank[s] += row[s];
            }
        }

        for (int s = 0; s < n; s++)
        {
            bank[s] = 0.0 - bank[s];
        }

        // The bank's K worst scenarios in a total order (decreasing loss, ties by scenario index): the K-th largest loss v
        // by selection, then every scenario above v and the first ones equal to v, sorted. K covers the estimator's tail
        // (f + 1) and the sensitivity's largest tail plus one.
        int centre = (int)Math.Ceiling(m);
        int kMax = Math.Min(n, Math.Max(f + 1, centre + options.SensitivityWidth + 1));
        var scratch = new double[n];
        bank.CopyTo(scratch, 0);
        HistoricalEstimator.SelectLargest(scratch, kMax);
        double v = double.PositiveInfinity;
        for (int i = 0; i < kMax; i++)
        {
            v = Math.Min(v, scratch[i]);
        }

        var order = new int[kMax];
        int count = 0;
        for (int s = 0; s < n; s++)
        {
            if (bank[s] > v)
            {
                order[count++] = s;
            }
        }

        for (int s = 0; s < n && count < kMax; s++)
        {
            if (bank[s] == v)
            {
                order[count++] = s;
            }
        }

        Array.Sort(order, (a, b) =>
        {
            int c = bank[b].CompareTo(bank[a]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var tail = order.AsSpan(0, f + 1).ToArray();
        var weights = HistoricalEstimator.TailWeights(m);

        var varU = new double[units];
        var esU = new double[units];
        var contribution = new double[units];
        var pnl = scenarios;
        Parallel.For(0, units, () => (Buffer: new double[n], Top: new double[f + 1]), (u, _, local) =>
        {
            var row = pnl.Matrix.Slice(u * n, n);
            HistoricalEstimator.TopLossesUnchecked(row, f + 1, local.Buffer, local.Top);
            varU[u] = scale * local.Top[f];
            esU[u] = scale * HistoricalEstimator.ExpectedShortfallSorted(local.Top, m);
            var sum = default(NeumaierSum);
            for (int i = 0; i < tail.Length; i++)
            {
                if (weights[i] != 0.0)
                {
                    sum.Add(weights[i] * (0.0 - row[tail[i]]));
                }
            }

            contribution[u] = scale * sum.Value;
            return local;
        }, _ => { });

        var total = default(NeumaierSum);
        for (int u = 0; u < units; u++)
        {
            total.Add(contribution[u]);
        }

        // Sensitivity to the tail size: whole tails k around ceil(m).
        var bankSorted = new double[kMax];
        for (int i = 0; i < kMax; i++)
        {
            bankSorted[i] = bank[order[i]];
        }

        var sensitivity = new List<TailSensitivityPoint>();
        for (int k = Math.Max(1, centre - options.SensitivityWidth); k <= Math.Min(n - 1, centre + options.SensitivityWidth); k++)
        {
            sensitivity.Add(new TailSensitivityPoint(k, 1.0 - ((double)k / n), scale * bankSorted[k],
                scale * HistoricalEstimator.ExpectedShortfallSorted(bankSorted, k)));
        }

        return new MarketRiskResult(scenarios.Units, varU, esU, contribution, scale * bankSorted[f], total.Value, m, scale, tail, sensitivity);
    }
}
