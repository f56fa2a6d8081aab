namespace ValueCore.Provisions;

/// <summary>The collective provisions of a segment, or of one classification within it.</summary>
/// <param name="Segment">The segment.</param>
/// <param name="Classification">The classification (state); null for the segment's total.</param>
/// <param name="Loans">The number of loans.</param>
/// <param name="Exposure">Their exposure (currency), a compensated sum.</param>
/// <param name="Provision">Their provision (currency), a compensated sum (individual loans add nothing).</param>
/// <param name="IndividualLoans">The loans already in a default state.</param>
/// <param name="IndividualExposure">Their exposure (currency).</param>
public sealed record CollectiveProvisionTotal(string Segment, string? Classification, long Loans, double Exposure, double Provision,
    long IndividualLoans, double IndividualExposure)
{
    /// <summary>Provision / exposure of the loans that are not in a default state, a fraction; null when that exposure is not positive.</summary>
    public double? Coverage => Exposure - IndividualExposure > 0 ? Provision / (Exposure - IndividualExposure) : null;
}
