namespace ValueCore.Scenarios;

/// <summary>Valuation parameters a scenario replaces; null keeps the baseline's value.</summary>
public sealed record ScenarioParameters
{
    /// <summary>No parameter changed.</summary>
    public static ScenarioParameters None { get; } = new();

    /// <summary>The hurdle rate (fraction, [-1, 10]); replaces the general hurdle (per-segment hurdles stay).</summary>
    public double? Hurdle { get; init; }

    /// <summary>The tax rate (fraction, [0, 1)).</summary>
    public double? TaxRate { get; init; }

    /// <summary>The return earned on capital (fraction, [-1, 1]).</summary>
    public double? CapitalRate { get; init; }

    /// <summary>The IRB confidence level ((0.5, 1)).</summary>
    public double? Confidence { get; init; }

    /// <summary>Whether no parameter is changed.</summary>
    public bool IsEmpty => Hurdle is null && TaxRate is null && CapitalRate is null && Confidence is null;
}
