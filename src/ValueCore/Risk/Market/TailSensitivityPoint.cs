namespace ValueCore.Risk.Market;

/// <summary>The bank's historical VaR and ES with a tail of a given whole number of scenarios.</summary>
/// <param name="TailScenarios">The tail size k, in [1, n - 1].</param>
/// <param name="Confidence">The implied confidence 1 - k/n.</param>
/// <param name="ValueAtRisk">VaR = L(k + 1), scaled to the capital horizon, in currency.</param>
/// <param name="ExpectedShortfall">ES = mean of the k largest losses, scaled to the capital horizon, in currency.</param>
public readonly record struct TailSensitivityPoint(int TailScenarios, double Confidence, double ValueAtRisk, double ExpectedShortfall);
