namespace ValueCore.Provisions;

/// <summary>The configurable IFRS 9 staging rules (see <see cref="Staging.Assign"/>).</summary>
/// <remarks>Defaults: the rebuttable presumptions of IFRS 9 5.5.11 (more than 30 days past due: significant increase in
/// credit risk) and B5.5.37 (more than 90 days past due: default); the lifetime-PD test needs the PD to at least double
/// (<see cref="RelativeThreshold"/> = 2) and rise by more than 0.5 percentage points (<see cref="AbsoluteThreshold"/>
/// = 0.005) over the PD expected at origination for the same remaining life (B5.5.11-13). These thresholds are a
/// policy choice of the bank, not prescribed by IFRS 9; the run states them.</remarks>
public sealed record StagingRules
{
    /// <summary>The defaults described in the remarks.</summary>
    public static StagingRules Default { get; } = new();

    /// <summary>Days past due strictly above which a loan is stage 2 (default 30, &gt;= 0).</summary>
    public double SicrDaysPastDue { get; init; } = 30;

    /// <summary>Days past due strictly above which a loan is stage 3 (default 90, &gt;= 0).</summary>
    public double CreditImpairedDaysPastDue { get; init; } = 90;

    /// <summary>Stage 2 when PD_now &gt; RelativeThreshold x PD_origination (and the absolute test holds); default 2, &gt;= 1.</summary>
    public double RelativeThreshold { get; init; } = 2.0;

    /// <summary>Stage 2 when PD_now - PD_origination &gt; AbsoluteThreshold (and the relative test holds); default 0.005, in [0, 1).</summary>
    public double AbsoluteThreshold { get; init; } = 0.005;
}
