namespace ValueCore.Capital.MonteCarlo;

/// <summary>One bin of the simulated loss distribution.</summary>
/// <param name="Lower">The lower edge (included), in currency.</param>
/// <param name="Upper">The upper edge (excluded, except for the last bin), in currency.</param>
/// <param name="Probability">The estimated probability of a loss in the bin (likelihood-ratio weighted under importance sampling).</param>
public readonly record struct LossHistogramBin(double Lower, double Upper, double Probability);
