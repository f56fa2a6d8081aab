// Migration matrix -> lifetime PDs for an expected-credit-loss calculation.
// Run: dotnet run samples/migration-ecl.cs
#:project ../src/ValueCore/ValueCore.csproj
using System.Globalization;
using ValueCore.IO.Migration;
using ValueCore.Migration;

string path = Path.Combine(Path.GetDirectoryName(Path.GetFullPath("samples/migration-ecl.cs"))!, "migration-history.csv");
var history = RatingHistoryReader.Read(File.Exists(path) ? path : "migration-history.csv");
Console.WriteLine($"{history.ObservationCount} observations, {history.EntityCount} loans, {history.TransitionCount} transitions");

// Cohort matrix (pooled over calendar years) and the duration (maximum-likelihood) generator.
var cohort = new CohortEstimator().Estimate(history);
var duration = new DurationEstimator().Estimate(history);
Console.WriteLine($"unobserved states: {(cohort.UnobservedStates.Count == 0 ? "none" : string.Join(", ", cohort.UnobservedStates))}");

// The duration (maximum-likelihood) estimator gives the generator directly, so no matrix logarithm is needed. The
// one-year cohort matrix of this small history has no valid generator: special mention never stays put in a year
// (p_ii = 0), which every embedding method refuses with that reason (docs/migration.md).
int passState = history.States.IndexOf("pass");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"one-year PD from pass: cohort {cohort.Matrix.DefaultProbability(passState):P3}, duration generator {duration.Generator!.CumulativePD(passState, 1.0):P3}"));

// An ECL engine asks cumulative PDs to the default (absorbing) state for any horizon, fractions included.
var model = duration.Generator!; // an ITransitionModel, as is a TransitionMatrix
int pass = passState;
foreach (double t in new[] { 0.5, 1.0, 2.75, 5.0 })
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"cumulative PD from pass over {t} years: {model.CumulativePD(pass, t):P3}"));
}

// Downturn: Z = -1.5 with rho = 0.12 on the one-year matrix.
var downturn = ZShift.Condition(cohort.Matrix, 0.12, -1.5);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one-year PD from substandard: TTC {cohort.Matrix.DefaultProbability(2):P2}, downturn {downturn.DefaultProbability(2):P2}"));

// In memory, without a file: (entity, date, label) records, a label map (aliases, censoring) and one estimation call.
RatingRecord[] records =
[
    RatingRecord.OnDate("A1", new(2021, 12, 31), "AAA"), RatingRecord.OnDate("A1", new(2022, 12, 31), "BBB"),
    RatingRecord.OnDate("A2", new(2021, 12, 31), "AAA"), RatingRecord.OnDate("A2", new(2022, 12, 31), "AAA"),
    RatingRecord.OnDate("A3", new(2021, 12, 31), "BBB"), RatingRecord.OnDate("A3", new(2022, 12, 31), "DEF"),
    RatingRecord.OnDate("A4", new(2021, 12, 31), "BBB"), RatingRecord.OnDate("A4", new(2022, 06, 30), "WD"),
];
var labels = new RatingLabels
{
    States = ["A", "B", "D"],
    Censor = ["NR"],
    Map = new Dictionary<string, string> { ["AAA"] = "A", ["BBB"] = "B", ["DEF"] = "D", ["WD"] = "NR" },
};
var run = MigrationEstimation.Run(RatingHistory.FromRecords(records, labels), new MigrationEstimateOptions { Years = 3 });
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"in-memory cohort: P(A -> B) = {run.Estimate.Matrix[0, 1]:P1}, P(B -> D) = {run.Estimate.Matrix[1, 2]:P1}, 3-year PD from A {run.PDCurve.Cumulative(0, 3):P2}"));
