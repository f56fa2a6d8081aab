namespace ValueCore.Migration;

/// <summary>A generator obtained from a one-period transition matrix, with its diagnostics and its distance from the matrix.</summary>
/// <param name="Generator">The (valid) generator, per year.</param>
/// <param name="Method">The method used.</param>
/// <param name="Diagnostics">The diagnostics of the principal logarithm.</param>
/// <param name="MaxAbsDistance">max_ij |exp(period x Lambda)_ij - P_ij|, probability units.</param>
/// <param name="FrobeniusDistance">sqrt(sum_ij (exp(period x Lambda)_ij - P_ij)^2), probability units.</param>
public sealed record EmbeddingResult(
    Generator Generator,
    EmbeddingMethod Method,
    MatrixLogDiagnostics Diagnostics,
    double MaxAbsDistance,
    double FrobeniusDistance);
