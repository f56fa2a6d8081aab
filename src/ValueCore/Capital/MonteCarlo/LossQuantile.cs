namespace ValueCore.Capital.MonteCarlo;

/// <summary>One quantile of the simulated portfolio loss.</summary>
/// <param name="Level">The confidence level, in (0, 1).</param>
/// <param name="Loss">The loss quantile (gross, not net of EL), in currency.</param>
/// <param name="StandardError">Its Monte Carlo standard error, in currency.</param>
public readonly record struct LossQuantile(double Level, double Loss, double StandardError);
