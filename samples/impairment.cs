#:project ../src/ValueCore/ValueCore.csproj

// DCF impairment of individually impaired loans: EIR from origination terms, probability-weighted recoveries,
// allowance and its roll-forward. Run from the repository root: dotnet run samples/impairment.cs
using System.Globalization;
using System.Runtime.CompilerServices;
using ValueCore.Impairment;
using ValueCore.IO.Impairment;
using ValueCore.Schedules;

string dir = SampleFolder();
var ci = CultureInfo.InvariantCulture;

// 1. The EIR of the IFRS for SMEs (2009) section 11 bond: CU950 paid, CU40 a year for five years, CU1,100 at the end.
DateOnly[] dates = [new(2019, 12, 31), new(2020, 12, 31), new(2021, 12, 31), new(2022, 12, 31), new(2023, 12, 31), new(2024, 12, 31)];
double[] amounts = [-950, 40, 40, 40, 40, 1140];
double eir = EffectiveInterestRate.Solve("SME-BOND", dates, amounts, DayCount.Thirty360);
Console.WriteLine(string.Create(ci, $"EIR of the IFRS for SMEs bond: {eir:P4} (published: 6.9583%)"));
var schedule = AmortisedCostSchedule.Build(dates, amounts, eir, DayCount.Thirty360);
for (int k = 0; k < schedule.Count; k++)
{
    Console.WriteLine(string.Create(ci, $"  {schedule.Dates[k]:yyyy-MM-dd} opening {schedule.Opening[k],9:F2} interest {schedule.Interest[k],7:F2} cash {schedule.Cash[k],8:F2} closing {schedule.Closing[k],9:F2}"));
}

// 2. A contractual schedule (reused by other capabilities): 10-year monthly annuity.
var annuity = ContractualSchedule.Build(new LoanTerms
{
    StartDate = new(2021, 12, 31), MaturityDate = new(2031, 12, 31), Principal = 1_000_000, AnnualRate = 0.06,
    Amortisation = Amortisation.Annuity, Frequency = PaymentFrequency.Monthly,
});
Console.WriteLine(string.Create(ci, $"Monthly annuity payment: {annuity.Payment(0):F2} over {annuity.Count} payments"));

// 3. The sample book: impairment at 2024-12-31 and the roll-forward to 2029.
var options = new ImpairmentOptions
{
    DayCount = DayCount.Thirty360,
    RollForwardDates = [new(2025, 12, 31), new(2026, 12, 31), new(2027, 12, 31), new(2028, 12, 31), new(2029, 12, 31)],
};
var book = ImpairmentCsv.ReadBook(Path.Combine(dir, "impairment-loans.csv"), Path.Combine(dir, "impairment-cashflows.csv"), options);
var measured = ImpairmentCalculation.Measure(book); // allowance per loan, totals, roll-forward, summary counts
var result = measured.Result;
Console.WriteLine("loan      carrying          EIR     PV expected       allowance  coverage");
for (int i = 0; i < result.Count; i++)
{
    Console.WriteLine(string.Create(ci,
        $"{book.LoanId[i],-8}{book.CarryingAmount[i],12:N0} {book.Eir[i],10:P3} {result.PresentValue[i],15:N0} {result.Allowance[i],15:N0} {result.Coverage[i],8:P1} {result.Notes[i]}"));
}

var rf = measured.RollForward!;
Console.WriteLine(string.Create(ci, $"total allowance {result.TotalAllowance:N0}, coverage {measured.Coverage:P1}, loans with PV above carrying {measured.LoansPvAboveCarrying}"));
Console.WriteLine(string.Create(ci, $"{book.LoanId[0]} allowance roll-forward: period, opening, unwind, remeasurement, write-off, closing"));
for (int k = 0; k < rf.PeriodCount; k++)
{
    Console.WriteLine(string.Create(ci, $"  {rf.Dates[k]:yyyy-MM-dd} {rf.Opening[k],14:N0} {rf.Unwind[k],12:N0} {rf.Remeasurement[k],10:N0} {rf.WriteOff[k],10:N0} {rf.Closing[k],14:N0}"));
}

static string SampleFolder([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
