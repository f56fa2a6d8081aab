using ValueCore.Risk.Aggregation;

namespace ValueCore.IO.Risk;

/// <summary>The rows of a <c>capital.csv</c> file: EC per unit and risk type.</summary>
public sealed class CapitalTable
{
    internal CapitalTable(IReadOnlyList<string> units, IReadOnlyList<string> riskTypes, IReadOnlyList<(int Unit, int RiskType, double Ec, long Line)> rows,
        IReadOnlyDictionary<string, long> riskTypeLines, IReadOnlyList<CapitalMeasure>? measures)
    {
        Units = units;
        RiskTypes = riskTypes;
        Rows = rows;
        RiskTypeLines = riskTypeLines;
        _measures = measures;
    }

    private readonly IReadOnlyList<CapitalMeasure>? _measures;

    /// <summary>The units, in first-appearance order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The risk types, in first-appearance order.</summary>
    public IReadOnlyList<string> RiskTypes { get; }

    /// <summary>One entry per row: unit index, risk-type index, EC, physical line.</summary>
    public IReadOnlyList<(int Unit, int RiskType, double Ec, long Line)> Rows { get; }

    /// <summary>The first line on which each risk type appears.</summary>
    public IReadOnlyDictionary<string, long> RiskTypeLines { get; }

    /// <summary>Whether the file states the measure of every row (columns <c>measure,confidence,horizon_years</c>).</summary>
    public bool StatesMeasure => _measures is not null;

    /// <summary>The measure of row <paramref name="row"/> (an index into <see cref="Rows"/>).</summary>
    /// <param name="row">The row index, in [0, Rows.Count).</param>
    /// <returns>The measure the row's EC is stated on.</returns>
    /// <exception cref="InvalidOperationException">The file states no measure (<see cref="StatesMeasure"/> is false).</exception>
    /// <exception cref="ArgumentOutOfRangeException">The index is outside the rows.</exception>
    public CapitalMeasure Measure(int row)
    {
        if (_measures is null)
        {
            throw new InvalidOperationException("The capital file states no measure (no measure, confidence and horizon_years columns).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, _measures.Count);
        return _measures[row];
    }

    /// <summary>The same table with every row's EC restated on one measure (normal assumption, <see cref="CapitalMeasure.NormalScaleFactor"/>).</summary>
    /// <param name="target">The measure wanted.</param>
    /// <returns>A table whose rows are those of this one, EC multiplied by the row's factor, all on <paramref name="target"/>.</returns>
    /// <exception cref="InvalidOperationException">The file states no measure, so there is nothing to restate from.</exception>
    public CapitalTable RescaledTo(CapitalMeasure target)
    {
        if (_measures is null)
        {
            throw new InvalidOperationException("The capital file states no measure (no measure, confidence and horizon_years columns); it cannot be restated.");
        }

        var rows = new (int Unit, int RiskType, double Ec, long Line)[Rows.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            var (u, t, ec, line) = Rows[i];
            rows[i] = (u, t, ec * CapitalMeasure.NormalScaleFactor(_measures[i], target), line);
        }

        return new CapitalTable(Units, RiskTypes, rows, RiskTypeLines, Enumerable.Repeat(target, rows.Length).ToArray());
    }

    /// <summary>The EC table, unit-major, for risk types in the given order (cells without a row are 0).</summary>
    /// <param name="riskTypeOrder">Every risk type of the file, in the wanted order.</param>
    /// <returns>units x types values.</returns>
    /// <exception cref="ArgumentException">A risk type of the file is missing from the order.</exception>
    public double[] ToMatrix(IReadOnlyList<string> riskTypeOrder)
    {
        ArgumentNullException.ThrowIfNull(riskTypeOrder);
        var index = riskTypeOrder.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        var m = new double[Units.Count * riskTypeOrder.Count];
        foreach (var (u, t, ec, _) in Rows)
        {
            if (!index.TryGetValue(RiskTypes[t], out int j))
            {
                throw new ArgumentException($"Risk type {RiskTypes[t]} is not in the order.", nameof(riskTypeOrder));
            }

            m[(u * riskTypeOrder.Count) + j] = ec;
        }

        return m;
    }
}
