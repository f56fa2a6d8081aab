using System.Globalization;
using ValueCore.Internal;

namespace ValueCore.Risk.Aggregation;

/// <summary>
/// Inter-risk aggregation by the variance-covariance (square-root) formula with Euler allocation to risk types and units.
/// </summary>
/// <remarks>
/// <para>Total EC = sqrt(x' C x) for a vector x of standalone EC and a correlation matrix C: exact for elliptical
/// (e.g. normal) risks whose EC is a fixed multiple of their standard deviation, the standard "var-covar" approach to
/// inter-risk aggregation (Basel Committee, "Developments in modelling risk aggregation", Joint Forum, October 2010;
/// Rosenberg and Schuermann, "A general approach to integrated risk management", JFE 79 (2006)).</para>
/// <para>Euler contribution of component i: x(i) (C x)(i) / EC = x(i) dEC/dx(i); by Euler's theorem for the
/// homogeneous EC they add up to EC (Tasche 1999). In the type-level mode x = e, the type totals, and a type's
/// contribution is shared among the units in proportion to their standalone EC in that type. In the full mode x holds
/// one entry per unit-and-type cell and C is over the cells. Perfect correlation gives the simple sum; zero
/// correlation the root of the sum of squares.</para>
/// <para>When x = 0 the total and all contributions are 0. When x' C x is negative within the positive
/// semi-definiteness tolerance (rounding only), the total is 0.</para>
/// </remarks>
public static class RiskAggregation
{
    /// <summary>The total and Euler contributions of a vector of standalone EC.</summary>
    /// <param name="standalone">Standalone EC x, each &gt;= 0, in currency.</param>
    /// <param name="correlation">The correlation matrix over the components, of order x.Length.</param>
    /// <param name="contribution">Receives x(i) (C x)(i) / EC.</param>
    /// <returns>EC = sqrt(x' C x), in currency.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="correlation"/> is null.</exception>
    /// <exception cref="ArgumentException">The sizes differ or the destination is too short or overlaps.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An EC is negative or not finite.</exception>
    public static double Aggregate(ReadOnlySpan<double> standalone, CorrelationMatrix correlation, Span<double> contribution)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        SpanGuard.SameLength(standalone, correlation.Size);
        SpanGuard.Destination(standalone, contribution);
        SpanGuard.NoPartialOverlap(standalone, contribution);
        foreach (double v in standalone)
        {
            if (!(v >= 0.0 && double.IsFinite(v)))
            {
                ThrowHelper.ArgumentOutOfRange(nameof(standalone), v, "[0, inf)");
            }
        }

        return AggregateUnchecked(standalone, correlation.Values, contribution);
    }

    /// <summary>Aggregates a unit-by-type EC table with a correlation matrix over the risk types.</summary>
    /// <param name="units">The unit names.</param>
    /// <param name="ecByUnit">Standalone (or already allocated) EC, unit-major [u x types + t], each &gt;= 0, in currency.</param>
    /// <param name="correlation">The correlation matrix; its labels are the risk types.</param>
    /// <returns>Totals, type and unit contributions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table does not have units x types elements.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An EC is negative or not finite.</exception>
    public static AggregationResult AggregateByType(IReadOnlyList<string> units, ReadOnlySpan<double> ecByUnit, CorrelationMatrix correlation)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(correlation);
        int nt = correlation.Size;
        SpanGuard.SameLength(ecByUnit, checked(units.Count * nt));
        CheckEc(ecByUnit);
        var e = new double[nt];
        for (int t = 0; t < nt; t++)
        {
            var sum = default(NeumaierSum);
            for (int u = 0; u < units.Count; u++)
            {
                sum.Add(ecByUnit[(u * nt) + t]);
            }

            e[t] = sum.Value;
        }

        var typeContribution = new double[nt];
        double total = AggregateUnchecked(e, correlation.Values, typeContribution);
        var cell = new double[ecByUnit.Length];
        for (int u = 0; u < units.Count; u++)
        {
            for (int t = 0; t < nt; t++)
            {
                double x = ecByUnit[(u * nt) + t];
                cell[(u * nt) + t] = e[t] > 0.0 ? typeContribution[t] * (x / e[t]) : 0.0;
            }
        }

        return new AggregationResult([.. units], correlation.Labels, ecByUnit.ToArray(), cell, total);
    }

    /// <summary>Aggregates a unit-by-type EC table with a full correlation matrix over the unit-and-type cells.</summary>
    /// <param name="units">The unit names.</param>
    /// <param name="riskTypes">The risk-type names.</param>
    /// <param name="ecByUnit">EC, unit-major [u x types + t], each &gt;= 0, in currency.</param>
    /// <param name="correlation">The correlation over the cells, in the same unit-major order (units x types rows).</param>
    /// <returns>Totals, type and unit contributions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The sizes do not match.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An EC is negative or not finite.</exception>
    public static AggregationResult AggregateByCell(IReadOnlyList<string> units, IReadOnlyList<string> riskTypes, ReadOnlySpan<double> ecByUnit,
        CorrelationMatrix correlation)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(riskTypes);
        ArgumentNullException.ThrowIfNull(correlation);
        int cells = checked(units.Count * riskTypes.Count);
        SpanGuard.SameLength(ecByUnit, cells);
        if (correlation.Size != cells)
        {
            ThrowHelper.Argument(nameof(correlation), string.Create(CultureInfo.InvariantCulture,
                $"The cell correlation matrix has order {correlation.Size}; {cells} cells need it."));
        }

        CheckEc(ecByUnit);
        var contribution = new double[cells];
        double total = AggregateUnchecked(ecByUnit, correlation.Values, contribution);
        return new AggregationResult([.. units], [.. riskTypes], ecByUnit.ToArray(), contribution, total);
    }

    /// <summary>The label of a unit-and-type cell in a cell correlation matrix: <c>unit:risk_type</c>.</summary>
    /// <param name="unit">The unit name.</param>
    /// <param name="riskType">The risk-type name.</param>
    /// <returns><paramref name="unit"/>, a colon, <paramref name="riskType"/>.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static string CellLabel(string unit, string riskType)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(riskType);
        return unit + ":" + riskType;
    }

    /// <summary>
    /// Aggregates a unit-by-type EC table with a correlation matrix over labelled cells (<see cref="CellLabel"/>), which
    /// may name the cells in any order and leave out cells without capital.
    /// </summary>
    /// <param name="units">The unit names.</param>
    /// <param name="riskTypes">The risk-type names.</param>
    /// <param name="ecByUnit">EC, unit-major [u x types + t], each &gt;= 0, in currency.</param>
    /// <param name="correlation">The correlation over cells, labelled <c>unit:risk_type</c>.</param>
    /// <returns>Totals, type and unit contributions.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The table does not have units x types elements, or a cell with EC &gt; 0 has no label in the matrix.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An EC is negative or not finite.</exception>
    /// <remarks>
    /// The matrix is embedded in one over every cell, unit-major: a cell it does not name gets a unit diagonal and zero
    /// correlations (its EC is 0, so it changes neither the total nor any contribution), which keeps the embedded matrix
    /// positive semi-definite. Then <see cref="AggregateByCell"/>.
    /// </remarks>
    public static AggregationResult AggregateByLabelledCells(IReadOnlyList<string> units, IReadOnlyList<string> riskTypes, ReadOnlySpan<double> ecByUnit,
        CorrelationMatrix correlation)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(riskTypes);
        ArgumentNullException.ThrowIfNull(correlation);
        int nu = units.Count, nt = riskTypes.Count, cells = checked(nu * nt);
        SpanGuard.SameLength(ecByUnit, cells);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < correlation.Size; i++)
        {
            index[correlation.Labels[i]] = i;
        }

        var map = new int[cells];
        var labels = new string[cells];
        for (int u = 0; u < nu; u++)
        {
            for (int t = 0; t < nt; t++)
            {
                int cell = (u * nt) + t;
                labels[cell] = CellLabel(units[u], riskTypes[t]);
                map[cell] = index.TryGetValue(labels[cell], out int k) ? k : -1;
                if (map[cell] < 0 && ecByUnit[cell] != 0.0)
                {
                    ThrowHelper.Argument(nameof(correlation), $"The cell '{labels[cell]}' has EC but no row in the correlation matrix.");
                }
            }
        }

        var values = new double[cells * cells];
        for (int a = 0; a < cells; a++)
        {
            for (int b = 0; b < cells; b++)
            {
                values[(a * cells) + b] = a == b ? 1.0 : map[a] >= 0 && map[b] >= 0 ? correlation[map[a], map[b]] : 0.0;
            }
        }

        return AggregateByCell(units, riskTypes, ecByUnit, CorrelationMatrix.Create(labels, values));
    }

    internal static double AggregateUnchecked(ReadOnlySpan<double> x, ReadOnlySpan<double> c, Span<double> contribution)
    {
        int n = x.Length;
        var cx = new double[n];
        var quad = default(NeumaierSum);
        for (int i = 0; i < n; i++)
        {
            var row = c.Slice(i * n, n);
            var s = default(NeumaierSum);
            for (int j = 0; j < n; j++)
            {
                s.Add(row[j] * x[j]);
            }

            cx[i] = s.Value;
            quad.Add(x[i] * cx[i]);
        }

        double q = quad.Value;
        double total = q > 0.0 ? Math.Sqrt(q) : 0.0;
        for (int i = 0; i < n; i++)
        {
            contribution[i] = total > 0.0 ? x[i] * cx[i] / total : 0.0;
        }

        return total;
    }

    private static void CheckEc(ReadOnlySpan<double> ec)
    {
        foreach (double v in ec)
        {
            if (!(v >= 0.0 && double.IsFinite(v)))
            {
                ThrowHelper.ArgumentOutOfRange("ecByUnit", v, "[0, inf)");
            }
        }
    }
}
