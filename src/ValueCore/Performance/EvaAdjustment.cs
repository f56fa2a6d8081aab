namespace ValueCore.Performance;

/// <summary>One documented adjustment from reported to economic figures in a bank-level EVA.</summary>
/// <param name="Item">The adjustment's name (e.g. <c>loan_loss_provisions</c>).</param>
/// <param name="Nopat">The amount added to NOPAT, in currency (may be negative).</param>
/// <param name="Capital">The amount added to capital, in currency.</param>
/// <param name="Description">What the adjustment does and why.</param>
public sealed record EvaAdjustment(string Item, double Nopat, double Capital, string Description);
