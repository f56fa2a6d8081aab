namespace ValueCore.Provisions;

/// <summary>A forward-looking scenario of <see cref="EclCalculator"/>: its name, probability weight and how it conditions the model.</summary>
/// <param name="Name">The name (the per-scenario allowance column is <c>ecl_&lt;name&gt;</c> in the files).</param>
/// <param name="Weight">The probability weight, in [0, 1]; the weights of a run sum to 1.</param>
/// <param name="Description">How the scenario is built, as stated in a run's summary (e.g. "Z by year (-1.5 -0.5), then reverting to the TTC model over 2 years ...").</param>
public sealed record EclScenario(string Name, double Weight, string Description);
