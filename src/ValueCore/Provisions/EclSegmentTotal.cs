namespace ValueCore.Provisions;

/// <summary>The loans, exposure and allowance by stage of one segment of a book.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Loans">The number of loans.</param>
/// <param name="Exposure">Their exposure (currency), a compensated sum.</param>
/// <param name="AllowanceStage1">The allowance of its stage-1 loans (currency).</param>
/// <param name="AllowanceStage2">The allowance of its stage-2 loans (currency).</param>
/// <param name="AllowanceStage3">The allowance of its stage-3 loans (currency).</param>
/// <param name="Allowance">The allowance of all its loans (currency), a compensated sum in loan order.</param>
public sealed record EclSegmentTotal(string Segment, long Loans, double Exposure, double AllowanceStage1, double AllowanceStage2,
    double AllowanceStage3, double Allowance)
{
    /// <summary>Allowance / exposure, a fraction; null when the exposure is not positive.</summary>
    public double? Coverage => Exposure > 0 ? Allowance / Exposure : null;
}
