using ValueCore.Capital;

namespace ValueCore.Batch;

/// <summary>
/// The bank-level Basel III figures of a raroc run (issue 20 items 5-6), from the first grouping's group sums: the IRB and SA
/// RWA, the output floor and the floored RWA when a floor was asked, EL against provisions, and the portfolio on the chosen
/// capital basis when one was asked.
/// </summary>
public sealed record RarocRegulatorySummary
{
    /// <summary>RWA on the bank's own approaches (IRB, and SA for loans on <c>approach</c> = <c>sa</c>), in currency.</summary>
    public required double RwaIrb { get; init; }

    /// <summary>RWA of every loan on the standardised approach, in currency.</summary>
    public required double RwaSa { get; init; }

    /// <summary>The output floor applied (a fraction of <see cref="RwaSa"/>); null when none was asked.</summary>
    public double? OutputFloor { get; init; }

    /// <summary>max(<see cref="RwaIrb"/>, floor x <see cref="RwaSa"/>) (RBC20.11), in currency; null when no floor was asked.</summary>
    public double? RwaFloored { get; init; }

    /// <summary>The floor's add-on, floored RWA - IRB RWA, in currency; null when no floor was asked.</summary>
    public double? FloorAddOn { get; init; }

    /// <summary>The comparison of IRB EL (on the LGD used) with eligible provisions (CRE35), bank and groups of the first grouping.</summary>
    public required ExpectedLossProvisionsResult ElProvisions { get; init; }

    /// <summary>The first grouping's figures on the chosen capital basis; null when no basis was asked.</summary>
    public CapitalBasisResult? Capital { get; init; }

    /// <summary>The capital basis options applied (the run's profitability parameters); null when no basis was asked.</summary>
    public CapitalBasisOptions? Basis { get; init; }
}
