namespace ValueCore.Provisions;

/// <summary>The loans, exposure and allowance of one IFRS 9 stage of a book.</summary>
/// <param name="Stage">1, 2 or 3.</param>
/// <param name="Loans">The number of loans in the stage.</param>
/// <param name="Exposure">Their exposure (currency), a compensated sum.</param>
/// <param name="Allowance">Their loss allowance (currency), a compensated sum.</param>
public sealed record EclStageTotal(int Stage, long Loans, double Exposure, double Allowance)
{
    /// <summary>Allowance / exposure, a fraction; null when the exposure is not positive.</summary>
    public double? Coverage => Exposure > 0 ? Allowance / Exposure : null;
}
