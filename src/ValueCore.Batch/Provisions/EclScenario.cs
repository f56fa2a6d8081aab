using ValueCore.IO;
using ValueCore.IO.Provisions;
using ValueCore.IO.Csv;
using ValueCore.Batch;
namespace ValueCore.Batch.Provisions;

/// <summary>A forward-looking scenario of <see cref="EclCsvJob"/>: its name, probability weight and how it conditions the model.</summary>
/// <param name="Name">The name (the loans.csv column is <c>ecl_&lt;name&gt;</c>).</param>
/// <param name="Weight">The probability weight, in [0, 1]; the weights of a run sum to 1.</param>
/// <param name="Description">How the scenario is built, as stated in summary.txt (e.g. "Z by year (-1.5 -0.5), then reverting to the TTC model over 2 years ...").</param>
public sealed record EclScenario(string Name, double Weight, string Description);
