namespace ValueCore.Portfolio;

/// <summary>The totals of one group of loans (sums of the per-loan figures; RAROC of the group = return / EC).</summary>
/// <param name="Keys">The group's values of the grouping columns, in the order of <see cref="GroupTable.KeyColumns"/>.</param>
/// <param name="Loans">Number of loans.</param>
/// <param name="Ead">Sum of EAD.</param>
/// <param name="El">Sum of expected loss.</param>
/// <param name="Ec">Sum of economic capital.</param>
/// <param name="Rwa">Sum of risk-weighted assets.</param>
/// <param name="Revenue">Sum of revenue net of funding.</param>
/// <param name="Return">Sum of after-tax risk-adjusted return.</param>
/// <param name="Eva">Sum of EVA.</param>
public sealed record GroupRow(IReadOnlyList<string> Keys, long Loans, double Ead, double El, double Ec, double Rwa, double Revenue, double Return, double Eva)
{
    /// <summary>The group's RAROC = sum(return) / sum(EC); null when the group holds no capital, or so little that the
    /// ratio is not a finite number (e.g. a subnormal EC).</summary>
    public double? Raroc => Ec > 0.0 && double.IsFinite(Return / Ec) ? Return / Ec : null;
}
