// IFRS 9 staging and 12-month / lifetime expected credit loss from a rating migration matrix.
// Run: dotnet run samples/provisions-ecl.cs
#:project ../src/ValueCore/ValueCore.csproj
using System.Globalization;
using ValueCore.Migration;
using ValueCore.Provisions;

// A one-year matrix on the five-tier classification (loss absorbing); substandard, doubtful and loss count as default.
var matrix = TransitionMatrix.Create(StateSpace.FiveTier, new[,]
{
    { 0.95, 0.04, 0.007, 0.002, 0.001 },
    { 0.20, 0.65, 0.10, 0.03, 0.02 },
    { 0.02, 0.08, 0.60, 0.20, 0.10 },
    { 0.00, 0.02, 0.08, 0.60, 0.30 },
    { 0.00, 0.00, 0.00, 0.00, 1.00 },
});
var model = DefaultStates.Absorb(matrix, ["substandard", "doubtful", "loss"]);
var curves = PDCurveSet.Create(model, periodsPerYear: 1, years: 10);

// A 5-year annuity loan of 100,000 at a 6% EIR with 45% LGD, by starting state.
foreach (var label in new[] { "pass", "special_mention" })
{
    int s = model.States.IndexOf(label);
    var r = ExpectedCreditLoss.Compute(curves.Curve(s), 1, 5, 100_000, 0.45, 0.06, EadProfile.Annuity);
    var stage = Staging.Assign(0, inDefaultState: false, inWatchState: label == "special_mention", daysPastDue: 0,
        lifetimePD: r.PDLifetime, originationPD: double.NaN);
    double allowance = ExpectedCreditLoss.Allowance(stage.Stage, r.Ecl12Month, r.EclLifetime, ead: 100_000, lgd: 0.45);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: PD 12m {r.PD12Month:P2}, lifetime {r.PDLifetime:P2}; ECL 12m {r.Ecl12Month:F0}, lifetime {r.EclLifetime:F0}; stage {stage.Stage} ({stage.Reason}), allowance {allowance:F0}"));
}
