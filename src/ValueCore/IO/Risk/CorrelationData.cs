using System.Globalization;
using ValueCore.Risk.Aggregation;

namespace ValueCore.IO.Risk;

/// <summary>A correlation matrix as read from a file, not yet validated: labels, elements and the line of every row.</summary>
public sealed class CorrelationData
{
    private readonly double[] _values;
    private readonly long[] _lines;

    internal CorrelationData(string source, string labelColumn, IReadOnlyList<string> labels, double[] values, long[] lines)
    {
        Source = source;
        LabelColumn = labelColumn;
        Labels = labels;
        _values = values;
        _lines = lines;
    }

    /// <summary>The file name used in messages.</summary>
    public string Source { get; }

    /// <summary>The first header cell: <c>risk_type</c> for a matrix over risk types, <c>unit:risk_type</c> for one over cells.</summary>
    public string LabelColumn { get; }

    /// <summary>Whether the matrix is over unit-and-type cells (labels <c>unit:risk_type</c>).</summary>
    public bool IsCellMatrix => LabelColumn == CorrelationCsv.CellLabelColumn;

    /// <summary>The labels, in header order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The elements, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The physical line of a row (0-based row index).</summary>
    /// <param name="row">The row.</param>
    /// <returns>The 1-based line.</returns>
    public long LineOf(int row) => _lines[row];

    /// <summary>Validates the matrix and returns it, or throws every broken rule with its line, column and value.</summary>
    /// <returns>The validated matrix.</returns>
    /// <exception cref="DataValidationException">The matrix is not a correlation matrix (for positive semi-definiteness the
    /// smallest eigenvalue is reported on the header line).</exception>
    public CorrelationMatrix ToValidated()
    {
        var check = CorrelationMatrix.Validate(_values, Labels.Count);
        if (!check.IsValid)
        {
            var issues = new DataIssueCollector(Source);
            foreach (var issue in check.Issues)
            {
                if (issue.Row < 0)
                {
                    issues.Add(new DataIssue(1, "", "", string.Create(CultureInfo.InvariantCulture,
                        $"the matrix is not positive semi-definite: smallest eigenvalue {issue.Value:R} < {CorrelationMatrix.EigenvalueTolerance:R} (the nearest correlation matrix repairs it)")) { Setting = "Repair" });
                }
                else
                {
                    issues.Add(_lines[issue.Row], Labels[issue.Column], issue.Value.ToString("R", CultureInfo.InvariantCulture), issue.Rule);
                }
            }

            issues.ThrowIfAny();
        }

        return CorrelationMatrix.Create(Labels, _values);
    }
}
