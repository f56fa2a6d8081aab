namespace ValueCore.Scenarios;

/// <summary>What one shock did to a book: how many loans it selected and how many results were bounded.</summary>
/// <param name="Shock">The shock.</param>
/// <param name="LoansSelected">Loans its filter selected.</param>
/// <param name="LoansBounded">Loans whose result left the field's range and was set to the bound (PD to [1e-9, 1], LGD to [0, 1]); 0 for other fields.</param>
public sealed record ShockReport(Shock Shock, int LoansSelected, int LoansBounded);
