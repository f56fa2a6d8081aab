namespace ValueCore.IO.Risk;

/// <summary>The rows of a <c>capital.csv</c> file: EC per unit and risk type.</summary>
public sealed class CapitalTable
{
    internal CapitalTable(IReadOnlyList<string> units, IReadOnlyList<string> riskTypes, IReadOnlyList<(int Unit, int RiskType, double Ec, long Line)> rows,
        IReadOnlyDictionary<string, long> riskTypeLines)
    {
        Units = units;
        RiskTypes = riskTypes;
        Rows = rows;
        RiskTypeLines = riskTypeLines;
    }

    /// <summary>The units, in first-appearance order.</summary>
    public IReadOnlyList<string> Units { get; }

    /// <summary>The risk types, in first-appearance order.</summary>
    public IReadOnlyList<string> RiskTypes { get; }

    /// <summary>One entry per row: unit index, risk-type index, EC, physical line.</summary>
    public IReadOnlyList<(int Unit, int RiskType, double Ec, long Line)> Rows { get; }

    /// <summary>The first line on which each risk type appears.</summary>
    public IReadOnlyDictionary<string, long> RiskTypeLines { get; }

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
