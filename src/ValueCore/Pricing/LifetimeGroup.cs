namespace ValueCore.Pricing;

/// <summary>The lifetime figures of a group of loans (or of the whole book): sums of the per-loan present values, and the
/// group's lifetime RAROC = PV(return) / PV(EC).</summary>
/// <remarks>Loans that start in a default state carry no lifetime figures; they are counted in <see cref="DefaultedLoans"/>
/// and add nothing to the sums.</remarks>
public sealed class LifetimeGroup
{
    internal LifetimeGroup(IReadOnlyList<string> keys) => Keys = keys;

    /// <summary>The group's values of the grouping columns, in their order; empty for the whole book.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Loans valued (not starting in default).</summary>
    public int Loans { get; internal set; }

    /// <summary>Loans that start in a default state (no lifetime figures).</summary>
    public int DefaultedLoans { get; internal set; }

    /// <summary>The valued loans' EAD at the valuation date, in currency.</summary>
    public double Ead { get; internal set; }

    /// <summary>The sum of the loans' PV of revenue, in currency.</summary>
    public double PvRevenue { get; internal set; }

    /// <summary>The sum of the loans' PV of expected loss, in currency.</summary>
    public double PvEl { get; internal set; }

    /// <summary>The sum of the loans' PV of economic capital (capital-years), in currency-years.</summary>
    public double PvEc { get; internal set; }

    /// <summary>The sum of the loans' PV of the risk-adjusted return after tax, in currency.</summary>
    public double PvReturn { get; internal set; }

    /// <summary>The sum of the loans' NPV of EVA, in currency.</summary>
    public double NpvEva { get; internal set; }

    /// <summary>The group's lifetime RAROC = <see cref="PvReturn"/> / <see cref="PvEc"/>; NaN when PV(EC) is 0.</summary>
    public double LifetimeRaroc => PvEc > 0.0 ? PvReturn / PvEc : double.NaN;

    internal void Add(double ead, double pvRevenue, double pvEl, double pvEc, double pvReturn, double npvEva)
    {
        Loans++;
        Ead += ead;
        PvRevenue += pvRevenue;
        PvEl += pvEl;
        PvEc += pvEc;
        PvReturn += pvReturn;
        NpvEva += npvEva;
    }
}
